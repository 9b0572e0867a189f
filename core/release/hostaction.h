// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/commandvariables.h"
#include "release/plan.h"
#include "util/error.h"

#include <QString>
#include <QStringList>
#include <chrono>
#include <memory>

namespace rd::ssh {
class CommandHost;
class HostPool;
}

// Restart, logs and status of an artifact in an environment: the environment's configured
// command ({ssh: …} or {local: …}) with validated, quoted values, built as a one-step Plan
// like every other action. HostCommandStep is that step, and the step backups use too.
namespace rd::release {

// Runs one or more commands on a host, one after another, stopping at the first that fails;
// every output line goes to the step's output. Not undoable: what a command did on a server
// is the command's business.
class HostCommandStep final : public Step
{
public:
    HostCommandStep(QString kind, QString description, std::shared_ptr<ssh::CommandHost> host, QStringList commands,
                    std::chrono::milliseconds timeout = std::chrono::minutes(30));

    QString kind() const override { return m_kind; }
    QString description() const override { return m_description; }
    [[nodiscard]] Result<void> run(StepContext &context) override;

    const QStringList &commands() const { return m_commands; }

private:
    QString m_kind;
    QString m_description;
    std::shared_ptr<ssh::CommandHost> m_host;
    QStringList m_commands;
    std::chrono::milliseconds m_timeout;
};

// The host a configured command runs on: the named host for {ssh: …}, this machine (in the
// workspace folder) for {local: …}. Connects lazily: no side effect.
[[nodiscard]] Result<std::shared_ptr<ssh::CommandHost>> hostFor(const config::Workspace &workspace, ssh::HostPool &pool,
                                                                const config::DeployStep &where);

enum class HostAction { Restart, Logs, Status };
QString toString(HostAction action);   // "restart", "logs", "status"

// How many log lines `logs` asks for by default, and at most.
inline constexpr int DefaultLogLines = 100;
inline constexpr int MaxLogLines = 100'000;

// A one-step plan running the environment's `restart`, `logs` or `status` command for
// `values.artifact`. {lines} (logs only) is `lines`. An environment without that command, an
// unknown artifact or environment, or a value failing its grammar is an error naming it.
[[nodiscard]] Result<Plan> hostActionPlan(const config::Workspace &workspace, ssh::HostPool &pool, HostAction action,
                                          const CommandValues &values, int lines = DefaultLogLines);

// Runs a plan made by hostActionPlan on the calling (worker) thread, as runPlan does. A restart
// changes something on a server, so it is recorded in the workspace's audit log (begun before
// the command, finished after); a log that cannot be written stops it before anything runs.
// Logs and status only read, and are not recorded. Used by the CLI and the GUI alike.
[[nodiscard]] PlanOutcome runHostActionPlan(const config::Workspace &workspace, const Plan &plan,
                                            const std::function<void(const StepEvent &)> &onEvent,
                                            const std::atomic_bool *cancel = nullptr);

} // namespace rd::release
