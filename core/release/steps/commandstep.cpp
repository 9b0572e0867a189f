// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/steps/commandstep.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace rd::release {

std::chrono::milliseconds CommandStep::timeout = std::chrono::minutes(10);

CommandStep::CommandStep(PlannedCommand command, QList<PlannedCommand> undoCommands, QString undoWhy, HostResolver hosts)
    : m_command(std::move(command))
    , m_undoCommands(std::move(undoCommands))
    , m_undoWhy(std::move(undoWhy))
    , m_hosts(std::move(hosts))
{
    m_undoPossible = !m_undoCommands.isEmpty();
}

QString CommandStep::kind() const
{
    return m_command.step.kind == config::DeployStep::Kind::Ssh ? u"ssh"_s : u"local"_s;
}

QString CommandStep::description() const
{
    return u"Run on %1: %2"_s.arg(m_command.where, m_command.command);
}

QString CommandStep::undoDescription() const
{
    if (m_undoneElsewhere)
        return u"(taken back by the environment's rollback steps)"_s;
    QStringList commands;
    for (const PlannedCommand &c : m_undoCommands)
        commands.append(u"on %1: %2"_s.arg(c.where, c.command));
    return u"Run %1 (%2)."_s.arg(commands.join(u"; then "_s), m_undoWhy);
}

Result<void> CommandStep::runOne(const PlannedCommand &command, StepContext &context) const
{
    auto host = m_hosts(command.step);
    if (!host)
        return std::unexpected(host.error());
    ssh::ExecOptions options;
    options.timeout = timeout;
    options.cancel = context.cancel;
    options.tailLines = 50;
    options.onLine = [&context](const ssh::OutputLine &line) { context.output(line.text); };
    auto result = (*host)->run(command.command, options);
    if (!result)
        return std::unexpected(result.error());
    if (!result->succeeded()) {
        const QString how = result->exitSignal.isEmpty() ? u"exited with status %1"_s.arg(result->exitStatus)
                                                         : u"was ended by signal %1"_s.arg(result->exitSignal);
        QString last = result->tailText(1).trimmed().left(300);
        return fail(Error::Domain::Release, u"the command on %1 %2%3"_s.arg(command.where, how, last.isEmpty() ? QString() : u": "_s + last));
    }
    return {};
}

Result<void> CommandStep::run(StepContext &context)
{
    return runOne(m_command, context);
}

Result<void> CommandStep::undo(StepContext &context)
{
    if (m_undoneElsewhere)
        return {};
    for (const PlannedCommand &command : m_undoCommands) {
        if (auto ran = runOne(command, context); !ran)
            return ran;
    }
    return {};
}

} // namespace rd::release
