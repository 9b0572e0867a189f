// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backups/backupstatus.h"
#include "release/plan.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QDialog;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace rd::backups {
class BackupPoller;
}

namespace rd::ui {

// The Backups tab: one row per environment with backups — status badge, newest file, its time
// and age, size, count, total size, how many are beyond retention, the last error — and the
// actions on the selected environment: "Back up now", "Restore…" (choose a file; a protected
// environment needs its name typed), "Clean up…" (the plan, every file named, before anything
// is deleted). Follows a BackupPoller; actions run on a worker thread and refresh it after.
class BackupsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column { EnvironmentColumn, StatusColumn, NewestColumn, TimeColumn, AgeColumn, SizeColumn, CountColumn,
                  TotalColumn, BeyondColumn, ErrorColumn, ColumnCount };

    explicit BackupsPanel(QWidget *parent = nullptr);

    // The poller to follow (not owned); null clears the panel.
    void setPoller(backups::BackupPoller *poller);
    backups::BackupPoller *poller() const;

    QTableWidget *table() const { return m_table; }
    QPushButton *backupButton() const { return m_backup; }
    QPushButton *restoreButton() const { return m_restore; }
    QPushButton *cleanButton() const { return m_clean; }
    QPushButton *refreshButton() const { return m_refresh; }
    QPlainTextEdit *log() const { return m_log; }
    // The restore or clean-up dialog while it is open (for tests and screenshots).
    QDialog *dialog() const;
    bool isBusy() const { return m_busy; }
    // Selects the row of `environment`; false when it has no row.
    bool selectEnvironment(const QString &environment);

Q_SIGNALS:
    // An action's plan finished (or could not be built): `ok` says whether it succeeded.
    void actionFinished(bool ok, const QString &message);
    void statusesShown();

private:
    void showStatuses(const QList<backups::BackupStatus> &statuses);
    void updateButtons();
    const backups::BackupStatus *selected() const;
    void backUpNow();
    void restore();
    void cleanUp();
    void runPlan(const release::Plan &plan);
    void finishAction(bool ok, const QString &message);

    QPointer<backups::BackupPoller> m_poller;
    QList<backups::BackupStatus> m_statuses;
    QTableWidget *m_table;
    QLabel *m_summary;
    QPushButton *m_backup;
    QPushButton *m_restore;
    QPushButton *m_clean;
    QPushButton *m_refresh;
    QPlainTextEdit *m_log;
    QPointer<QDialog> m_dialog;
    bool m_busy = false;
};

} // namespace rd::ui
