// SPDX-License-Identifier: GPL-3.0-or-later
// backups [--json] | backups run ENV | backups restore ENV FILE [--yes] [--confirm ENV] |
// backups clean ENV [--dry-run] [--yes]: the backup status of every environment, and the
// three backup actions, each shown as a plan before it runs.
#include "commands.h"

#include "backups/backupactions.h"
#include "backups/backupjson.h"
#include "backups/backupstatus.h"
#include "release/plan.h"
#include "ssh/hostpool.h"
#include "util/duration.h"

#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

int printStatus(const QList<backups::BackupStatus> &statuses, bool json)
{
    bool allOk = true;
    for (const backups::BackupStatus &status : statuses)
        allOk = allOk && status.isOk();
    if (json) {
        out() << QJsonDocument(backups::toJson(statuses)).toJson(QJsonDocument::Indented);
        out().flush();
        return allOk ? Success : Failed;
    }
    if (statuses.isEmpty()) {
        out() << "No environment configures backups.\n";
        out().flush();
        return Success;
    }
    for (const backups::BackupStatus &status : statuses) {
        out() << status.environment << ": " << backups::toString(status.state).toUpper();
        if (status.newest) {
            out() << "  newest " << status.newest->name << " (" << status.newest->time.toString(Qt::ISODate) << ", "
                  << formatAge(std::chrono::seconds(status.ageSeconds)) << " ago, " << sizeText(status.newest->size) << ")";
        }
        out() << "  " << status.count() << (status.count() == 1 ? " file, " : " files, ") << sizeText(status.totalSize);
        if (!status.beyondRetention.isEmpty())
            out() << ", " << status.beyondRetention.size() << " beyond retention";
        out() << '\n';
        if (status.stale)
            out() << "  stale: the newest backup is older than the configured max_age\n";
        if (status.small && status.files.size() >= 2)
            out() << "  small: the newest backup is " << sizeText(status.newest->size) << ", the one before it "
                  << sizeText(status.files.at(1).size) << '\n';
        if (status.unsafeNames > 0)
            out() << "  ignored " << status.unsafeNames << " file(s) whose names hold control characters\n";
        if (!status.error.isEmpty())
            out() << "  " << status.error << '\n';
    }
    out().flush();
    return allOk ? Success : Failed;
}

void printPlan(const release::Plan &plan)
{
    out() << "Plan: " << plan.summary() << '\n';
    for (const QString &warning : plan.warnings)
        out() << "  ! " << warning << '\n';
    for (qsizetype i = 0; i < plan.steps.size(); ++i)
        out() << "  " << (i + 1) << ". " << plan.steps.at(i)->description() << '\n';
    out().flush();
}

// --yes, or a "yes" typed on a terminal; anything else declines.
bool confirmed(bool yes, const QString &question)
{
    if (yes)
        return true;
    if (!::isatty(STDIN_FILENO))
        return false;
    out() << question << " Type yes to continue: ";
    out().flush();
    QTextStream in(stdin);
    return in.readLine().trimmed() == u"yes";
}

int runAndReport(const release::Plan &plan)
{
    const release::PlanOutcome outcome = release::runPlan(plan, [](const release::StepEvent &event) {
        if (event.kind == release::StepEvent::Kind::Output)
            out() << event.text << '\n';
        else if (event.kind == release::StepEvent::Kind::Failed)
            printError(event.text);
        out().flush();
    });
    if (outcome.succeeded()) {
        out() << "Done: " << plan.summary() << '\n';
        out().flush();
        return Success;
    }
    printError(outcome.message);
    return Failed;
}

int planError(const Error &error)
{
    printError(error.toString());
    if (error.code == backups::RefusedUnconfirmed)
        return Refused;
    return error.domain == Error::Domain::Usage || error.domain == Error::Domain::Config ? UsageError : Failed;
}

} // namespace

int backups(const QString &workspaceFile, const QStringList &arguments)
{
    QStringList args = arguments;
    bool json = false, yes = false, dryRun = false;
    QString confirmation;
    QStringList positional;
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        if (arg == u"--json")
            json = true;
        else if (arg == u"--yes")
            yes = true;
        else if (arg == u"--dry-run")
            dryRun = true;
        else if (arg == u"--confirm" && !args.isEmpty())
            confirmation = args.takeFirst();
        else if (arg.startsWith(u"--confirm="))
            confirmation = arg.mid(10);
        else if (arg.startsWith(u'-')) {
            printError(u"unknown option '%1' for backups"_s.arg(arg));
            return UsageError;
        } else
            positional.append(arg);
    }
    const QString action = positional.value(0);
    const qsizetype needed = action.isEmpty() ? 0 : action == u"restore" ? 3 : 2;
    if ((!action.isEmpty() && action != u"run" && action != u"restore" && action != u"clean") || positional.size() != needed) {
        printError(u"usage: backups [--json] | backups run ENV | backups restore ENV FILE [--yes] [--confirm ENV] | backups clean ENV [--dry-run] [--yes]"_s);
        return UsageError;
    }
    const std::optional<config::Workspace> workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    ssh::HostPool pool(*workspace);
    if (action.isEmpty())
        return printStatus(backups::readAllBackupStatus(*workspace, pool, QDateTime::currentDateTimeUtc()), json);

    const QString environmentName = positional.at(1);
    const config::Environment *environment = workspace->environment(environmentName);
    if (!environment || !environment->backups) {
        printError(environment ? u"environment '%1' has no 'backups' in the workspace file"_s.arg(environmentName)
                               : u"'%1' is not an environment of this workspace"_s.arg(environmentName.left(80)));
        return UsageError;
    }
    if (action == u"run") {
        Result<release::Plan> plan = backups::backupNowPlan(*workspace, pool, environmentName);
        if (!plan)
            return planError(plan.error());
        printPlan(*plan);
        if (dryRun)
            return Success;
        return runAndReport(*plan);
    }
    const backups::BackupStatus status = backups::readBackupStatus(pool, *environment, QDateTime::currentDateTimeUtc());
    if (status.state == backups::BackupStatus::State::Error) {
        printError(u"cannot read the backups of %1: %2"_s.arg(environmentName, status.error));
        return Failed;
    }
    Result<release::Plan> plan = action == u"restore"
        ? backups::restorePlan(*workspace, pool, environmentName, positional.at(2), confirmation, &status)
        : backups::cleanPlan(*workspace, pool, status);
    if (!plan)
        return planError(plan.error());
    printPlan(*plan);
    if (plan->steps.isEmpty() || dryRun)
        return Success;
    if (!confirmed(yes, plan->summary() + u'?')) {
        printError(u"not confirmed: nothing was changed (add --yes to run the plan)"_s);
        return Refused;
    }
    return runAndReport(*plan);
}

} // namespace rd::cli
