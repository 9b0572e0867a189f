// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/hostaction.h"

#include "release/auditlog.h"
#include "ssh/commandhost.h"
#include "ssh/hostpool.h"
#include "ssh/localhost.h"

using namespace Qt::StringLiterals;

namespace rd::release {

HostCommandStep::HostCommandStep(QString kind, QString description, std::shared_ptr<ssh::CommandHost> host,
                                 QStringList commands, std::chrono::milliseconds timeout)
    : m_kind(std::move(kind))
    , m_description(std::move(description))
    , m_host(std::move(host))
    , m_commands(std::move(commands))
    , m_timeout(timeout)
{
}

Result<void> HostCommandStep::run(StepContext &context)
{
    for (const QString &command : std::as_const(m_commands)) {
        if (context.cancelled())
            return fail(Error::Domain::Release, u"cancelled before the command ran on %1"_s.arg(m_host->displayName()));
        ssh::ExecOptions options;
        options.timeout = m_timeout;
        options.cancel = context.cancel;
        options.tailLines = 20;
        options.onLine = [&context](const ssh::OutputLine &line) { context.output(line.text); };
        Result<ssh::ExecResult> result = m_host->run(command, options);
        if (!result)
            return std::unexpected(result.error());
        if (!result->succeeded()) {
            const QString how = result->exitSignal.isEmpty() ? u"exited with status %1"_s.arg(result->exitStatus)
                                                            : u"was ended by signal %1"_s.arg(result->exitSignal);
            const QString last = result->tailText(1);
            return fail(Error::Domain::Release, u"the command on %1 %2%3"_s.arg(m_host->displayName(), how,
                                                                              last.isEmpty() ? QString() : QString(u": "_s + last.left(300))));
        }
    }
    return {};
}

Result<std::shared_ptr<ssh::CommandHost>> hostFor(const config::Workspace &workspace, ssh::HostPool &pool,
                                                  const config::DeployStep &where)
{
    if (where.kind == config::DeployStep::Kind::Local)
        return std::make_shared<ssh::LocalHost>(workspace.directory());
    return pool.host(where.host);
}

QString toString(HostAction action)
{
    switch (action) {
    case HostAction::Restart: return u"restart"_s;
    case HostAction::Logs: return u"logs"_s;
    case HostAction::Status: return u"status"_s;
    }
    return {};
}

Result<Plan> hostActionPlan(const config::Workspace &workspace, ssh::HostPool &pool, HostAction action,
                            const CommandValues &values, int lines)
{
    const config::Environment *environment = workspace.environment(values.environment);
    if (!environment)
        return fail(Error::Domain::Usage, u"'%1' is not an environment of this workspace"_s.arg(values.environment.left(80)));
    const std::optional<config::DeployStep> &configured = action == HostAction::Restart ? environment->restart
                                                         : action == HostAction::Logs  ? environment->logs
                                                                                       : environment->status;
    if (!configured)
        return fail(Error::Domain::Config, u"environment '%1' has no '%2' command in the workspace file"_s.arg(environment->name, toString(action)));
    if (lines < 1 || lines > MaxLogLines)
        return fail(Error::Domain::Usage, u"the number of log lines must be from 1 to %1, not %2"_s.arg(MaxLogLines).arg(lines));
    Result<QList<CommandVariable>> variables = commandVariables(workspace, values);
    if (!variables)
        return std::unexpected(variables.error());
    if (action == HostAction::Logs)
        variables->append({u"lines"_s, QString::number(lines)});
    Result<QString> command = expandCommand(configured->command, *variables);
    if (!command)
        return fail(command.error().domain, u"the '%1' command of environment '%2': %3"_s.arg(toString(action), environment->name, command.error().message),
                    configured->location);
    Result<std::shared_ptr<ssh::CommandHost>> host = hostFor(workspace, pool, *configured);
    if (!host)
        return std::unexpected(host.error());

    Plan plan;
    plan.action = toString(action);
    plan.artifact = values.artifact;
    plan.environment = environment->name;
    plan.from = values.version;
    QString description;
    switch (action) {
    case HostAction::Restart:
        description = u"Restart %1 in %2 on %3: %4"_s.arg(values.artifact, environment->name, (*host)->displayName(), *command);
        if (environment->isProtected)
            plan.warnings.append(u"%1 is a protected environment."_s.arg(environment->name));
        break;
    case HostAction::Logs:
        description = u"Show the last %1 log lines of %2 in %3 on %4: %5"_s.arg(lines).arg(values.artifact, environment->name, (*host)->displayName(), *command);
        break;
    case HostAction::Status:
        description = u"Show the status of %1 in %2 on %3: %4"_s.arg(values.artifact, environment->name, (*host)->displayName(), *command);
        break;
    }
    plan.steps.append(std::make_shared<HostCommandStep>(u"host-"_s + toString(action), description, *host, QStringList{*command},
                                                        action == HostAction::Restart ? std::chrono::milliseconds(std::chrono::minutes(10))
                                                                                      : std::chrono::milliseconds(std::chrono::minutes(2))));
    return plan;
}

PlanOutcome runHostActionPlan(const config::Workspace &workspace, const Plan &plan,
                              const std::function<void(const StepEvent &)> &onEvent, const std::atomic_bool *cancel)
{
    if (plan.action != toString(HostAction::Restart))
        return runPlan(plan, onEvent, cancel);
    PlanOutcome refused;
    refused.result = PlanOutcome::Result::Failed;
    refused.steps.resize(plan.steps.size());
    auto log = AuditLog::open(workspace);
    if (!log) {
        refused.message = u"Nothing was restarted: %1"_s.arg(log.error().message);
        return refused;
    }
    auto id = log->begin(workspace, plan, Actor::current(workspace.directory()));
    if (!id) {
        refused.message = u"Nothing was restarted: %1"_s.arg(id.error().message);
        return refused;
    }
    PlanOutcome outcome = runPlan(plan, onEvent, cancel);
    if (auto finished = log->finish(*id, plan, outcome); !finished)
        outcome.message += u" (the audit log was not completed: %1)"_s.arg(finished.error().message);
    return outcome;
}

} // namespace rd::release
