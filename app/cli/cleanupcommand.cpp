// SPDX-License-Identifier: GPL-3.0-or-later
// cleanup [--dry-run] [--yes] [--json]: deletes old images from the registries by each
// artifact's retention policy. The plan is always printed first; nothing is deleted without
// --yes (or a "yes" typed at a terminal).
#include "commands.h"

#include "release/retention.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

void printPlan(const release::RetentionPlan &plan)
{
    for (const QString &problem : plan.problems)
        out() << "cannot plan: " << problem << " (nothing of it is deleted)\n";
    for (const release::RetentionEntry &entry : plan.keep)
        out() << "keep    " << entry.artifact << ':' << entry.tag << "  " << entry.digest.left(19) << "  " << entry.reason << '\n';
    for (const release::RetentionEntry &entry : plan.remove) {
        out() << "delete  " << entry.artifact << ':' << entry.tag << "  " << entry.digest.left(19)
              << (entry.created.isValid() ? u"  created "_s + entry.created.toUTC().toString(Qt::ISODate) : QString()) << '\n';
    }
    if (!plan.plan.steps.isEmpty()) {
        out() << "\nPlan:\n";
        for (qsizetype i = 0; i < plan.plan.steps.size(); ++i)
            out() << "  " << (i + 1) << ". " << plan.plan.steps.at(i)->description() << '\n';
    }
    out() << plan.remove.size() << " tag(s) to delete in " << plan.plan.steps.size() << " image(s), " << plan.keep.size() << " kept.\n";
    out().flush();
}

bool confirmedAtTerminal(qsizetype images)
{
    if (!::isatty(STDIN_FILENO))
        return false;
    out() << "Delete " << images << " image(s)? Type yes to go on: ";
    out().flush();
    QTextStream in(stdin);
    return in.readLine().trimmed() == u"yes";
}

} // namespace

int cleanup(const QString &workspaceFile, const QStringList &args)
{
    bool dryRun = false;
    bool yes = false;
    bool json = false;
    for (const QString &arg : args) {
        if (arg == u"--dry-run")
            dryRun = true;
        else if (arg == u"--yes")
            yes = true;
        else if (arg == u"--json")
            json = true;
        else {
            printError(u"cleanup: unknown argument '%1' (usage: cleanup [--dry-run] [--yes] [--json])"_s.arg(arg));
            return UsageError;
        }
    }
    const std::optional<config::Workspace> workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;

    // What the audit log says each environment ran stays restorable: those are the rollback targets.
    const auto history = release::auditedVersions(*workspace);
    if (!history) {
        printError(u"cleanup: the rollback history cannot be read, so nothing is deleted: "_s + history.error().message);
        return Failed;
    }
    const release::RetentionPlan plan = release::planCleanup(*workspace, {}, QDateTime::currentDateTimeUtc(), *history);
    QJsonObject report = plan.toJson();
    const auto finish = [&](const QString &result, const QString &message, int code) {
        if (json) {
            report.insert(u"result"_s, result);
            report.insert(u"message"_s, message);
            out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
        } else if (!message.isEmpty()) {
            out() << message << '\n';
        }
        out().flush();
        return code;
    };
    if (!json)
        printPlan(plan);
    if (dryRun || plan.plan.steps.isEmpty())
        return finish(u"planned"_s, plan.plan.steps.isEmpty() ? u"Nothing to delete."_s : QString(), plan.problems.isEmpty() ? Success : Failed);
    if (!yes && (json || !confirmedAtTerminal(plan.plan.steps.size()))) {
        if (!json)
            printError(u"nothing was deleted: confirm with --yes (or type yes at a terminal), or look first with --dry-run"_s);
        return finish(u"refused"_s, u"nothing was deleted: confirm with --yes"_s, UsageError);
    }

    QStringList lines;
    const release::PlanOutcome outcome = release::runPlan(plan.plan, [&](const release::StepEvent &event) {
        if (json)
            return;
        if (event.kind == release::StepEvent::Kind::Output)
            out() << "  " << event.text << '\n';
        else if (event.kind == release::StepEvent::Kind::Failed)
            out() << "  failed: " << event.text << '\n';
        out().flush();
    });
    if (!outcome.succeeded()) {
        if (!json)
            printError(outcome.message);
        return finish(release::toString(outcome.result), outcome.message, Failed);
    }
    return finish(u"succeeded"_s, u"Deleted %1 tag(s) in %2 image(s)."_s.arg(plan.remove.size()).arg(plan.plan.steps.size()),
                  plan.problems.isEmpty() ? Success : Failed);
}

} // namespace rd::cli
