// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "config/workspaceloader.h"
#include "matrixmodel.h"
#include "matrixview.h"
#include "release/matrixloader.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

// What a background load hands back to the GUI thread: plain values only.
struct MainWindow::LoadOutcome
{
    QStringList errors;               // workspace problems, one sentence each
    QString workspaceName;
    release::EnvironmentMatrix matrix;
    qint64 elapsedMs = 0;
};

namespace {

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
    }
    outcome.elapsedMs = timer.elapsed();
    return outcome;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new MatrixModel(this))
    , m_view(new MatrixView(m_model, this))
    , m_status(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("ReleaseDeck"));
    setCentralWidget(m_view);
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

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(open);
    toolbar->addAction(reloadAction);
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
    if (m_model->rowCount() == 0)
        m_view->setMessage(tr("Loading %1…").arg(m_file));
    m_status->setText(tr("Loading…"));
    // Queued explicitly: a load that finishes before the continuation is attached would
    // otherwise run it inside reload(), re-entering callers that did not expect it.
    QtConcurrent::run(load, m_file).then(this, [this, generation](LoadOutcome outcome) {
        QMetaObject::invokeMethod(
            this, [this, generation, outcome = std::move(outcome)] { showOutcome(generation, outcome); }, Qt::QueuedConnection);
    });
}

void MainWindow::showOutcome(quint64 generation, const LoadOutcome &outcome)
{
    if (generation != m_generation)
        return; // a newer load is under way
    if (!outcome.errors.isEmpty()) {
        m_model->setMatrix({});
        setWindowTitle(tr("ReleaseDeck"));
        m_view->setMessage(tr("The workspace file has problems:") + u"\n\n"_s + outcome.errors.join(u'\n'));
        m_status->setText(tr("%n problem(s) in %1", nullptr, int(outcome.errors.size())).arg(m_file));
        Q_EMIT loadFinished(false);
        return;
    }
    setWindowTitle(tr("%1 — ReleaseDeck").arg(outcome.workspaceName));
    m_model->setMatrix(outcome.matrix);
    m_view->setMessage(outcome.matrix.rows.isEmpty() ? tr("This workspace defines no artifacts yet.") : QString());
    m_status->setText(tr("%1: %2 artifacts × %3 environments, read in %4 ms")
                          .arg(outcome.workspaceName)
                          .arg(outcome.matrix.rows.size())
                          .arg(outcome.matrix.environments.size())
                          .arg(outcome.elapsedMs));
    Q_EMIT loadFinished(true);
}

} // namespace rd::ui
