// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hostactionwindow.h"
#include "release/environmentmatrix.h"
#include "release/hostaction.h"

#include <QObject>
#include <QPointer>

class QMenu;
class QWidget;

namespace rd::config {
struct Workspace;
}

namespace rd::ui {


// Restart, Logs and Status of one matrix cell: the environment's configured command for the
// artifact, planned by core/release/hostaction (the code path of `releasedeck-cli
// restart|logs|status`), run off the GUI thread in a HostActionWindow, on hosts from an
// interactiveHostPool (so an unknown host key or a key's passphrase is asked about). Restart
// is confirmed first — on a protected environment by typing its name — and recorded in the
// audit log like every other change.
class HostActions final : public QObject
{
    Q_OBJECT
public:
    explicit HostActions(QWidget *window);

    // Adds "Restart…", "Logs", "Status" for `artifact` in `environment` (the cell's current
    // version and digest fill {version} and {digest}). An environment without the command has
    // the action disabled, its tooltip naming the workspace key to add.
    void addActions(QMenu *menu, const config::Workspace *workspace, const QString &artifact,
                    const release::MatrixCell &cell, const QString &environment);

    // Plans and starts `action` (Restart asks first). The window, or null when planning
    // failed (refused() says why) or a restart is waiting for its confirmation.
    HostActionWindow *start(const config::Workspace &workspace, release::HostAction action,
                            const release::CommandValues &values);

    HostActionWindow *currentWindow() const { return m_window; }
    QWidget *currentConfirmation() const { return m_confirmation; }

Q_SIGNALS:
    void windowOpened(rd::ui::HostActionWindow *window);
    // Planning or auditing refused the action: one sentence.
    void refused(const QString &message);
    // A restart ended (the audit log holds it).
    void restartFinished(bool succeeded);

private:
    HostActionWindow *open(const config::Workspace &workspace, const release::Plan &plan);
    void confirmRestart(const config::Workspace &workspace, const release::Plan &plan);

    QWidget *m_parent;
    QPointer<HostActionWindow> m_window;
    QPointer<QWidget> m_confirmation;
};

} // namespace rd::ui
