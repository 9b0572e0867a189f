// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/retention.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace rd::ui {

// Registry clean-up, as `releasedeck-cli cleanup` does it: reads every registry on a worker
// thread, then shows the whole plan — every tag that would be deleted and every one kept, with
// why — before anything happens. "Delete" runs the plan (each step checks again that the tags
// still point at the image decided on); the outcome and every step's output stay in the dialog.
// A rollback history that cannot be read stops the clean-up, as in the CLI.
class CleanupDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Stage { Planning, Planned, Deleting, Finished };

    explicit CleanupDialog(config::Workspace workspace, QWidget *parent = nullptr);

    Stage stage() const { return m_stage; }
    QTreeWidget *tree() const { return m_tree; }
    QPushButton *deleteButton() const { return m_delete; }
    QLabel *summary() const { return m_summary; }
    QPlainTextEdit *log() const { return m_log; }

Q_SIGNALS:
    void planned();
    // The plan ran: `ok` says whether every step succeeded; the registries changed either way
    // when any step did, so the matrix should be read again.
    void finished(bool ok, const QString &message);

protected:
    // While images are being deleted the dialog stays: closing it would hide how that ended.
    void reject() override;

private:
    void plan();
    void showPlan(const release::RetentionPlan &plan, const QString &historyError);
    void runDeletion();
    void finish(const release::PlanOutcome &outcome);

    config::Workspace m_workspace;
    release::RetentionPlan m_plan;
    Stage m_stage = Stage::Planning;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QTreeWidget *m_tree = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace rd::ui
