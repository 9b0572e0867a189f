// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ssh/commandhost.h"

#include <QMutex>
#include <QString>

// This machine as a CommandHost (a workspace's `local: true` host, used by the demo): each
// command runs as `sh -c COMMAND` in its own process group, in the workspace folder, with both
// output streams read as they arrive. Timeout and cancellation end the whole process group
// (TERM, then KILL after a grace period), so a pipeline's children do not outlive it.
namespace rd::ssh {

class LocalHost final : public CommandHost
{
public:
    // Commands run with `workingDirectory` as their current folder (relative paths in the
    // workspace's commands are relative to the workspace file).
    explicit LocalHost(QString workingDirectory);

    QString displayName() const override;
    [[nodiscard]] Result<ExecResult> run(const QString &command, const ExecOptions &options = {}) override;

private:
    QString m_workingDirectory;
    QMutex m_runMutex;   // one command at a time, as the interface promises
};

} // namespace rd::ssh
