// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "health/checkresult.h"

#include <QMainWindow>
#include <optional>

class QAction;
class QLabel;
class QSystemTrayIcon;
class QTabWidget;

namespace rd::health {
class HealthMonitor;
}

namespace rd::backups {
class BackupPoller;
}

namespace rd::ui {

class BackupsPanel;
class CleanupDialog;
class ComparisonView;
class HealthPanel;
class MatrixModel;
class MatrixView;
class ReleaseController;

// The dashboard window: the environment matrix of one workspace file, reloaded on demand.
// Reading the workspace and the registry happens on a worker thread; a newer load makes an
// older one's result stale, and stale results are dropped.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    void openWorkspace(const QString &file);
    void reload();

    QString workspaceFile() const { return m_file; }
    MatrixModel *matrixModel() const { return m_model; }
    MatrixView *matrixView() const { return m_view; }
    ComparisonView *comparisonView() const { return m_comparison; }
    HealthPanel *healthPanel() const { return m_healthPanel; }
    health::HealthMonitor *healthMonitor() const { return m_monitor; }
    BackupsPanel *backupsPanel() const { return m_backupsPanel; }
    backups::BackupPoller *backupPoller() const { return m_backupPoller; }
    // Promote and rollback from the matrix, and the history panel.
    ReleaseController *releaseController() const { return m_release; }
    // The loaded workspace (none while nothing is loaded or the file has problems).
    const std::optional<config::Workspace> &workspace() const { return m_workspace; }
    // Brings the history panel to the front.
    void showHistory();

    // Opens the comparison of what promoting `artifact` from environment `src` into `dst` would
    // change. False (with the reason in the status bar) when either side has no commit.
    bool compareEnvironments(const QString &artifact, const QString &src, const QString &dst);
    // Compares the selected cell with the environment before it, or two selected cells of one row.
    void compareSelection();
    // Brings the health panel to the front.
    void showHealth();
    // Brings the backups panel to the front.
    void showBackups();
    // Opens the registry clean-up (the plan first; nothing is deleted until its Delete button).
    // Null when no artifact of the loaded workspace has a retention policy.
    CleanupDialog *openCleanup();

    struct LoadOutcome; // what a background load hands back

Q_SIGNALS:
    // A load finished (successfully or not) and the window shows its result.
    void loadFinished(bool ok);
    // The version probes answered and drift is marked in the matrix.
    void driftChecked();

private:
    void createActions();
    void showOutcome(quint64 generation, const LoadOutcome &outcome);
    void startHealthMonitor(const config::Workspace &workspace);
    void notifyDesktop(const QString &environment, health::Status from, health::Status to);

    QString m_file;
    std::optional<config::Workspace> m_workspace;
    MatrixModel *m_model;
    MatrixView *m_view;
    ComparisonView *m_comparison;
    HealthPanel *m_healthPanel;
    health::HealthMonitor *m_monitor = nullptr;
    BackupsPanel *m_backupsPanel;
    backups::BackupPoller *m_backupPoller = nullptr;
    ReleaseController *m_release = nullptr;
    QAction *m_cleanupAction = nullptr;
    QSystemTrayIcon *m_tray = nullptr;        // created on the first notification
    QTabWidget *m_tabs;
    QLabel *m_status;
    quint64 m_generation = 0; // touched on the GUI thread only
    bool m_loading = false;   // a load job is running
};

} // namespace rd::ui
