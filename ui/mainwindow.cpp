// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "registry/cleanupdialog.h"

#include "config/workspaceloader.h"
#include "diff/comparisonview.h"
#include "git/workspacerepository.h"
#include "health/checkspec.h"
#include "health/drift.h"
#include "health/versionprobe.h"
#include "health/healthmonitor.h"
#include "health/healthnotifier.h"
#include "health/healthpanel.h"
#include "backups/backuppoller.h"
#include "backups/backupspanel.h"
#include "ssh/hostpool.h"
#include "ssh/hostprompts.h"
#include "matrixmodel.h"
#include "matrixview.h"
#include "release/matrixloader.h"
#include "release/historypanel.h"
#include "release/releasecontroller.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace rd::ui {

// What a background load hands back to the GUI thread: plain values only.
struct MainWindow::LoadOutcome
{
    QStringList errors;               // workspace problems, one sentence each
    QString workspaceName;
    std::optional<config::Workspace> workspace;
    release::EnvironmentMatrix matrix;
    qint64 elapsedMs = 0;
};

namespace {

constexpr std::chrono::minutes versionProbeInterval{1};

MainWindow::LoadOutcome load(const QString &file)
{
    QElapsedTimer timer;
    timer.start();
    MainWindow::LoadOutcome outcome;
    auto workspace = config::loadWorkspace(file);
    if (!workspace) {
        for (const Error &error : workspace.error())
            outcome.errors.append(error.toString());
    } else {
        outcome.workspaceName = workspace->name;
        outcome.matrix = release::loadEnvironmentMatrix(*workspace);
        outcome.workspace = std::move(*workspace);
    }
    outcome.elapsedMs = timer.elapsed();
    return outcome;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new MatrixModel(this))
    , m_view(new MatrixView(m_model, this))
    , m_comparison(new ComparisonView(this))
    , m_healthPanel(new HealthPanel(this))
    , m_backupsPanel(new BackupsPanel(this))
    , m_tabs(new QTabWidget(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("ReleaseDeck"));
    // Health checks and version probes over SSH ask about a new host key here too, instead of
    // only failing with the `trust` command to type in a terminal.
    askForSharedHosts();
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Matrix"));
    m_tabs->addTab(m_comparison, tr("Compare"));
    m_tabs->addTab(m_healthPanel, tr("Health"));
    m_tabs->addTab(m_backupsPanel, tr("Backups"));
    m_release = new ReleaseController(this);
    m_tabs->addTab(m_release->historyPanel(), tr("History"));
    setCentralWidget(m_tabs);
    statusBar()->addWidget(m_status, 1);
    createActions();
    m_view->setMessage(tr("Open a workspace file (releasedeck.yaml) to see what runs where."));
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, [this] {
        const QString chosen = QFileDialog::getOpenFileName(this, tr("Open Workspace"), {}, tr("Workspace files (*.yaml *.yml)"));
        if (!chosen.isEmpty())
            openWorkspace(chosen);
    });
    QAction *reloadAction = file->addAction(tr("&Reload"), QKeySequence::Refresh, this, &MainWindow::reload);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu *registry = menuBar()->addMenu(tr("&Registry"));
    m_cleanupAction = registry->addAction(tr("&Clean Up Old Images…"), this, [this] { openCleanup(); });
    m_cleanupAction->setObjectName(u"cleanupAction"_s);
    m_cleanupAction->setEnabled(false);
    m_cleanupAction->setToolTip(tr("Deletes old versions by each artifact's retention policy, after showing the plan."));

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(open);
    toolbar->addAction(reloadAction);

    // Compare from the matrix: the toolbar, the cells' context menu, and double-click.
    auto *compare = new QAction(tr("&Compare with Previous Environment"), this);
    compare->setObjectName(u"compareAction"_s);
    compare->setShortcut(QKeySequence(tr("Ctrl+D")));
    compare->setToolTip(tr("What promoting the left environment into the right one would change. "
                           "Select one cell to compare it with the environment before it, or two cells of a row."));
    connect(compare, &QAction::triggered, this, &MainWindow::compareSelection);
    toolbar->addAction(compare);
    m_view->table()->addAction(compare);
    connect(m_view->table(), &QAbstractItemView::doubleClicked, this, [this] { compareSelection(); });
}

CleanupDialog *MainWindow::openCleanup()
{
    if (!m_cleanupAction->isEnabled() || !m_workspace)
        return nullptr;
    auto *dialog = new CleanupDialog(*m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Deleted images leave the matrix: read it again once the registries changed.
    connect(dialog, &CleanupDialog::finished, this, &MainWindow::reload);
    dialog->open();
    return dialog;
}

void MainWindow::startHealthMonitor(const config::Workspace &workspace)
{
    // A reload may have changed the checks: start over with a monitor for this workspace.
    delete m_monitor;
    m_monitor = new health::HealthMonitor(health::checkSpecs(workspace), this);
    connect(m_monitor, &health::HealthMonitor::environmentStatusChanged, this,
            [this](const QString &environment, health::Status from, health::Status to) {
                m_model->setEnvironmentHealth(environment, to);
                notifyDesktop(environment, from, to);
            });
    new health::HealthNotifier(workspace, m_monitor, m_monitor); // webhooks on down / recovered
    m_healthPanel->setMonitor(m_monitor);
    m_monitor->start();

    // Live versions, every minute while the workspace is open: desired ≠ live is drift,
    // marked in the matrix. A deploy outside ReleaseDeck shows up within a minute.
    auto *prober = new health::VersionProber(workspace, m_monitor);
    connect(prober, &health::VersionProber::finished, this, [this, prober] {
        m_model->setDrift(health::computeDrift(m_model->matrix(), prober->results()));
        Q_EMIT driftChecked();
        QTimer::singleShot(versionProbeInterval, prober, [prober] { prober->run(); });
    });
    prober->run();
}

void MainWindow::notifyDesktop(const QString &environment, health::Status from, health::Status to)
{
    // Only what a person must act on: an environment going down, and coming back.
    const bool down = to == health::Status::Down;
    const bool recovered = from == health::Status::Down && to == health::Status::Healthy;
    if ((!down && !recovered) || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(tr("ReleaseDeck"));
        m_tray->show();
    }
    if (down)
        m_tray->showMessage(tr("%1 is down").arg(environment), tr("Its health checks fail. Open ReleaseDeck's Health tab for the errors."),
                            QSystemTrayIcon::Critical);
    else
        m_tray->showMessage(tr("%1 is healthy again").arg(environment), tr("All its health checks pass."), QSystemTrayIcon::Information);
}

void MainWindow::showBackups()
{
    m_tabs->setCurrentWidget(m_backupsPanel);
}

void MainWindow::showHealth()
{
    m_tabs->setCurrentWidget(m_healthPanel);
}

void MainWindow::showHistory()
{
    m_tabs->setCurrentWidget(m_release->historyPanel());
}

void MainWindow::compareSelection()
{
    const release::EnvironmentMatrix &matrix = m_model->matrix();
    QModelIndexList cells = m_view->table()->selectionModel()->selectedIndexes();
    cells.removeIf([](const QModelIndex &index) { return index.column() == 0; });
    std::sort(cells.begin(), cells.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.column() < b.column(); });
    if (cells.size() == 2 && cells[0].row() == cells[1].row()) {
        const auto &row = matrix.rows[cells[0].row()];
        compareEnvironments(row.artifact, matrix.environments[cells[0].column() - 1].name, matrix.environments[cells[1].column() - 1].name);
        return;
    }
    const QModelIndex current = m_view->table()->currentIndex();
    if (!current.isValid() || current.column() < 2) {
        m_status->setText(tr("Select a cell of an environment that has one before it (or two cells of one row) to compare."));
        return;
    }
    const auto &row = matrix.rows[current.row()];
    compareEnvironments(row.artifact, matrix.environments[current.column() - 2].name, matrix.environments[current.column() - 1].name);
}

bool MainWindow::compareEnvironments(const QString &artifactName, const QString &src, const QString &dst)
{
    const release::EnvironmentMatrix &matrix = m_model->matrix();
    const qsizetype srcColumn = matrix.environmentIndex(src);
    const qsizetype dstColumn = matrix.environmentIndex(dst);
    const config::Artifact *artifact = m_workspace ? m_workspace->artifact(artifactName) : nullptr;
    const auto row = std::find_if(matrix.rows.cbegin(), matrix.rows.cend(), [&](const auto &r) { return r.artifact == artifactName; });
    if (!artifact || row == matrix.rows.cend() || srcColumn < 0 || dstColumn < 0) {
        m_status->setText(tr("Nothing to compare: %1 in %2 and %3 is not in this workspace.").arg(artifactName, src, dst));
        return false;
    }
    const config::Repository *repository = m_workspace->repository(artifact->repository);
    const release::MatrixCell &from = row->cells[srcColumn];
    const release::MatrixCell &to = row->cells[dstColumn];
    if (!repository) {
        m_status->setText(tr("%1 names no git repository, so there is no code to compare.").arg(artifactName));
        return false;
    }
    for (const auto &[cell, environment] : {std::pair{&from, src}, std::pair{&to, dst}}) {
        if (cell->commit.isEmpty()) {
            m_status->setText(cell->isDeployed() ? tr("%1 in %2 does not say which commit it was built from.").arg(artifactName, environment)
                                                 : tr("%1 has never been deployed to %2.").arg(artifactName, environment));
            return false;
        }
    }
    const auto label = [](const QString &environment, const release::MatrixCell &cell) {
        return cell.version.isEmpty() ? environment : u"%1 (%2)"_s.arg(environment, cell.version);
    };
    ComparisonRequest request;
    request.repositoryPath = git::repositoryFolder(*m_workspace, *repository); // a remote's mirror, refreshed by the matrix load
    request.srcCommit = from.commit;
    request.dstCommit = to.commit;
    request.srcLabel = label(src, from);
    request.dstLabel = label(dst, to);
    request.subject = artifactName;
    if (!artifact->path.isEmpty())
        request.paths = {artifact->path};
    m_comparison->compare(request);
    m_tabs->setCurrentWidget(m_comparison);
    return true;
}

void MainWindow::openWorkspace(const QString &file)
{
    m_file = file;
    reload();
}

void MainWindow::reload()
{
    if (m_file.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    // One load at a time: a reload asked for while one runs starts when it ends (its result
    // is then stale and dropped), so holding F5 never piles up loads and registry requests.
    if (m_loading)
        return;
    m_loading = true;
    if (m_model->rowCount() == 0)
        m_view->setMessage(tr("Loading %1…").arg(m_file));
    m_status->setText(tr("Loading…"));
    // Queued explicitly: a load that finishes before the continuation is attached would
    // otherwise run it inside reload(), re-entering callers that did not expect it.
    QtConcurrent::run(load, m_file).then(this, [this, generation](LoadOutcome outcome) {
        m_loading = false;
        QMetaObject::invokeMethod(
            this, [this, generation, outcome = std::move(outcome)] { showOutcome(generation, outcome); }, Qt::QueuedConnection);
    });
}

void MainWindow::showOutcome(quint64 generation, const LoadOutcome &outcome)
{
    if (generation != m_generation) { // reloads were asked for meanwhile: run the newest now
        if (!m_loading)
            reload();
        return;
    }
    if (!outcome.errors.isEmpty()) {
        m_model->setMatrix({});
        m_workspace.reset();
        m_cleanupAction->setEnabled(false);
        delete m_monitor; // no checks or notifications for a workspace that is not loaded
        m_monitor = nullptr;
        m_backupsPanel->setPoller(nullptr);
        delete m_backupPoller;
        m_backupPoller = nullptr;
        setWindowTitle(tr("ReleaseDeck"));
        m_view->setMessage(tr("The workspace file has problems:") + u"\n\n"_s + outcome.errors.join(u'\n'));
        m_status->setText(tr("%n problem(s) in %1", nullptr, int(outcome.errors.size())).arg(m_file));
        Q_EMIT loadFinished(false);
        return;
    }
    setWindowTitle(tr("%1 — ReleaseDeck").arg(outcome.workspaceName));
    m_workspace = outcome.workspace;
    m_cleanupAction->setEnabled(m_workspace && std::ranges::any_of(m_workspace->artifacts, [](const config::Artifact &artifact) {
        return artifact.retention.has_value();
    }));
    startHealthMonitor(*m_workspace);
    m_backupsPanel->setPoller(nullptr);
    delete m_backupPoller;
    m_backupPoller = new backups::BackupPoller(*m_workspace, interactiveHostPool(*m_workspace, Asking::OncePerRun), this);
    m_backupsPanel->setPoller(m_backupPoller);
    m_backupPoller->start();
    m_model->setMatrix(outcome.matrix);
    m_model->loadDeploymentStates(*m_workspace);
    m_view->setMessage(outcome.matrix.rows.isEmpty() ? tr("This workspace defines no artifacts yet.") : QString());
    m_status->setText(tr("%1: %2 artifacts × %3 environments, read in %4 ms")
                          .arg(outcome.workspaceName)
                          .arg(outcome.matrix.rows.size())
                          .arg(outcome.matrix.environments.size())
                          .arg(outcome.elapsedMs));
    Q_EMIT loadFinished(true);
}

} // namespace rd::ui
