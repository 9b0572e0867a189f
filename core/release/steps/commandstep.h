// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/plan.h"
#include "ssh/commandhost.h"

#include <functional>
#include <memory>

// A deploy command on one host (over SSH, or this machine for `local:` steps). Its undo runs
// other commands — the environment's `rollback` steps, or the same deploy command with the
// previous version — so a failed plan redeploys what ran before.
namespace rd::release {

// Where a deploy step's command runs; built by the engine from the workspace's HostPool.
using HostResolver = std::function<Result<std::shared_ptr<ssh::CommandHost>>(const config::DeployStep &step)>;

struct PlannedCommand
{
    config::DeployStep step;   // host and kind
    QString command;           // expanded, exactly as it runs
    QString where;             // "host prod-1" / "this machine", for sentences
};

class CommandStep final : public Step
{
public:
    CommandStep(PlannedCommand command, QList<PlannedCommand> undoCommands, QString undoWhy, HostResolver hosts);

    QString kind() const override;
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return m_undoPossible; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;

    // A step whose undo is done by another step (the first deploy step runs the whole
    // `rollback` list): it reports success on undo without running anything.
    void setUndoneElsewhere(bool elsewhere) { m_undoneElsewhere = elsewhere; }
    void setUndoPossible(bool possible) { m_undoPossible = possible; }

    static std::chrono::milliseconds timeout;   // each command; 10 minutes

private:
    Result<void> runOne(const PlannedCommand &command, StepContext &context) const;

    PlannedCommand m_command;
    QList<PlannedCommand> m_undoCommands;
    QString m_undoWhy;
    HostResolver m_hosts;
    bool m_undoneElsewhere = false;
    bool m_undoPossible = true;
};

} // namespace rd::release
