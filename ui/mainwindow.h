// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;

namespace rd::ui {

class MatrixModel;
class MatrixView;

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

    struct LoadOutcome; // what a background load hands back

Q_SIGNALS:
    // A load finished (successfully or not) and the window shows its result.
    void loadFinished(bool ok);

private:
    void createActions();
    void showOutcome(quint64 generation, const LoadOutcome &outcome);

    QString m_file;
    MatrixModel *m_model;
    MatrixView *m_view;
    QLabel *m_status;
    quint64 m_generation = 0; // touched on the GUI thread only
};

} // namespace rd::ui
