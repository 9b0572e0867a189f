// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historyrecord.h"
#include "releaserequest.h"

#include <QModelIndex>
#include <QObject>
#include <QPoint>
#include <QPointer>

class QMenu;
class QMimeData;
class QTableView;

namespace rd::ui {

class ExecutionView;
class HistoryPanel;
class HostActions;
class MainWindow;
class PromoteDialog;

// Promote and rollback from the matrix: the cells' buttons, context menu and drag onto the
// next environment; the plan built on a worker thread, confirmed in a PromoteDialog, run in an
// ExecutionView; the cells' deployment state while it runs; the history; the matrix reloaded
// when it is done.
class ReleaseController final : public QObject
{
    Q_OBJECT
public:
    explicit ReleaseController(MainWindow *window);
    ~ReleaseController() override;

    void setPlanner(Planner planner);
    HistoryPanel *historyPanel() const { return m_history; }
    // Restart / Logs / Status of the cells (the host commands of their environment).
    HostActions *hostActions() const { return m_hostActions; }

    // Plans `request` and opens the confirmation (asynchronously: confirmationShown() or refused()).
    void request(const ReleaseRequest &request);
    // The request the cell at `index` makes: promote it into the next environment / roll it back.
    void promoteCell(const QModelIndex &index);
    void rollbackCell(const QModelIndex &index);
    // A cell dragged from `source` dropped on `target`: a promotion when `target` is the next
    // environment of the same artifact. False when the drop means nothing.
    bool dropCell(const QMimeData *data, const QModelIndex &target);
    static QMimeData *cellMimeData(const QModelIndex &source);
    // The context menu of a cell (shown at the pointer by the matrix).
    QMenu *cellMenu(const QModelIndex &index, QWidget *parent);

    PromoteDialog *currentDialog() const;
    ExecutionView *currentExecution() const;

Q_SIGNALS:
    void confirmationShown(rd::ui::PromoteDialog *dialog);
    void executionStarted(rd::ui::ExecutionView *view);
    // The plan ended and the history holds its record; the matrix reload has been asked for.
    void planFinished(bool succeeded);
    // The planner or policy refused: one sentence.
    void refused(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void confirm(const PreparedRelease &prepared);
    void execute(const PreparedRelease &prepared, const QString &confirmation);
    void showStatus(const QString &text);
    ReleaseRequest cellRequest(const QModelIndex &index, ReleaseRequest::Action action) const;
    QStringList knownVersions(const QModelIndex &index) const;
    void askVersion(const QModelIndex &index, ReleaseRequest::Action action);
    QTableView *table() const;
    // The history panel: the audit log's records (read on a worker) and this session's plans
    // that were not run by the engine (and so are not in the log).
    void reloadHistory();

    MainWindow *m_window;
    Planner m_planner;
    HistoryPanel *m_history;
    HostActions *m_hostActions;
    QList<HistoryRecord> m_records;       // this session's plans that the audit log does not hold
    QList<HistoryRecord> m_audited;       // the audit log, as last read
    quint64 m_historyGeneration = 0;
    QPointer<PromoteDialog> m_dialog;
    QPointer<ExecutionView> m_execution;
    quint64 m_generation = 0;
    QPersistentModelIndex m_pressed;      // where a possible drag started
    QPoint m_pressPos;
};

} // namespace rd::ui
