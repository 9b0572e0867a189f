// SPDX-License-Identifier: GPL-3.0-or-later
// restart A --env E [--yes] | logs A --env E [--lines N] | status A --env E: the environment's
// configured command for the artifact, run on its host with validated, quoted values. Output
// streams as it arrives.
#include "commands.h"

#include "release/hostaction.h"
#include "release/matrixloader.h"
#include "release/plan.h"
#include "ssh/hostpool.h"
#include "util/shellcommand.h"

#include <QTextStream>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

// {version} and {digest}: what the environment runs now, read from the registry only when the
// command uses them (the matrix reads every artifact).
release::CommandValues valuesFor(const config::Workspace &workspace, const config::DeployStep &configured,
                                 const QString &artifact, const QString &environment)
{
    release::CommandValues values{artifact, environment, {}, {}};
    const QStringList used = commandPlaceholders(configured.command);
    if (!used.contains(u"version"_s) && !used.contains(u"digest"_s))
        return values;
    const release::EnvironmentMatrix matrix = release::loadEnvironmentMatrix(workspace);
    const qsizetype column = matrix.environmentIndex(environment);
    for (const release::MatrixRow &row : matrix.rows) {
        if (row.artifact == artifact && column >= 0 && column < row.cells.size() && row.cells.at(column).isDeployed()) {
            values.version = row.cells.at(column).version;
            values.digest = row.cells.at(column).digest;
        }
    }
    return values;
}

} // namespace

int hostAction(const QString &name, const QString &workspaceFile, const QStringList &arguments)
{
    const release::HostAction action = name == u"restart" ? release::HostAction::Restart
                                     : name == u"logs"    ? release::HostAction::Logs
                                                          : release::HostAction::Status;
    QStringList args = arguments;
    QString artifact, environmentName;
    bool yes = false;
    int lines = release::DefaultLogLines;
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        if (arg == u"--env" && !args.isEmpty()) {
            environmentName = args.takeFirst();
        } else if (arg == u"--yes" && action == release::HostAction::Restart) {
            yes = true;
        } else if (arg == u"--lines" && !args.isEmpty() && action == release::HostAction::Logs) {
            bool ok = false;
            lines = args.takeFirst().toInt(&ok);
            if (!ok || lines < 1 || lines > release::MaxLogLines) {
                printError(u"--lines needs a whole number from 1 to %1"_s.arg(release::MaxLogLines));
                return UsageError;
            }
        } else if (!arg.startsWith(u'-') && artifact.isEmpty()) {
            artifact = arg;
        } else {
            printError(u"unknown argument '%1' for %2"_s.arg(arg, name));
            return UsageError;
        }
    }
    if (artifact.isEmpty() || environmentName.isEmpty()) {
        printError(u"usage: %1 ARTIFACT --env ENV%2"_s.arg(name, action == release::HostAction::Restart ? u" [--yes]"_s
                                                               : action == release::HostAction::Logs ? u" [--lines N]"_s
                                                                                                     : QString()));
        return UsageError;
    }
    const std::optional<config::Workspace> workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    const config::Environment *environment = workspace->environment(environmentName);
    if (!environment) {
        printError(u"'%1' is not an environment of this workspace"_s.arg(environmentName.left(80)));
        return UsageError;
    }
    const std::optional<config::DeployStep> &configured = action == release::HostAction::Restart ? environment->restart
                                                         : action == release::HostAction::Logs  ? environment->logs
                                                                                                : environment->status;
    if (!configured) {
        printError(u"environment '%1' has no '%2' command in the workspace file"_s.arg(environmentName, name));
        return UsageError;
    }
    ssh::HostPool pool(*workspace);
    Result<release::Plan> plan = release::hostActionPlan(*workspace, pool, action,
                                                         valuesFor(*workspace, *configured, artifact, environmentName), lines);
    if (!plan) {
        printError(plan.error().toString());
        return plan.error().domain == Error::Domain::Usage || plan.error().domain == Error::Domain::Config ? UsageError : Failed;
    }
    if (action == release::HostAction::Restart) {
        out() << "Plan: " << plan->summary() << '\n';
        for (const QString &warning : plan->warnings)
            out() << "  ! " << warning << '\n';
        out() << "  1. " << plan->steps.front()->description() << '\n';
        out().flush();
        if (!yes) {
            bool typed = false;
            if (::isatty(STDIN_FILENO)) {
                out() << "Type yes to restart: ";
                out().flush();
                typed = QTextStream(stdin).readLine().trimmed() == u"yes";
            }
            if (!typed) {
                printError(u"not confirmed: nothing was restarted (add --yes to run the plan)"_s);
                return Refused;
            }
        }
    }
    const release::PlanOutcome outcome = release::runHostActionPlan(*workspace, *plan, [](const release::StepEvent &event) {
        if (event.kind == release::StepEvent::Kind::Output) {
            out() << event.text << '\n';
            out().flush();
        }
    });
    if (!outcome.succeeded()) {
        printError(outcome.message);
        return Failed;
    }
    return Success;
}

} // namespace rd::cli
