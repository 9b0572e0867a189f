// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli promote / rollback: build the plan, show it, confirm, run it with live
// output, and report what every environment runs afterwards.
#include "commands.h"

#include "release/releaseengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

struct Options
{
    QString action;            // promote | rollback
    QString artifact;
    QString environment;
    QString from;
    QString version;
    QString confirm;
    QString reason;
    bool dryRun = false;
    bool yes = false;
    bool json = false;
    bool notify = true;
};

void writeOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

// Live progress goes to stdout as text, or to stderr when stdout carries the JSON answer.
void progress(bool json, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), json ? stderr : stdout);
    std::fflush(json ? stderr : stdout);
}

QString readLine()
{
    char buffer[512];
    if (!std::fgets(buffer, sizeof buffer, stdin))
        return {};
    return QString::fromLocal8Bit(buffer).trimmed();
}

QJsonArray planJson(const release::Plan &plan)
{
    QJsonArray steps;
    for (const auto &step : plan.steps)
        steps.append(QJsonObject{{u"step"_s, step->kind()}, {u"description"_s, step->description()}});
    return steps;
}

QJsonValue nullable(const QString &text) { return text.isEmpty() ? QJsonValue() : QJsonValue(text); }

QJsonObject answer(const Options &o, const release::Plan *plan, const QString &result, const QString &message)
{
    QJsonObject object{
        {u"artifact"_s, o.artifact},
        {u"environment"_s, o.environment},
        {u"from"_s, plan ? nullable(plan->from) : QJsonValue()},
        {u"to"_s, plan ? nullable(plan->to) : nullable(o.version)},
        {u"plan"_s, plan ? planJson(*plan) : QJsonArray()},
        {u"result"_s, result},
        {u"message"_s, message},
    };
    if (plan)
        object.insert(u"warnings"_s, QJsonArray::fromStringList(plan->warnings));
    return object;
}

void printJson(const QJsonObject &object)
{
    writeOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

int exitFor(const Error &error)
{
    if (error.code == release::RefusedCode && error.domain == Error::Domain::Release)
        return Refused;
    if (error.domain == Error::Domain::Usage || error.domain == Error::Domain::Config)
        return UsageError;
    return Failed;
}

void printPlan(const release::PlannedRelease &planned)
{
    const release::Plan &plan = planned.plan;
    QString text = plan.summary() + u'\n';
    for (qsizetype i = 0; i < plan.steps.size(); ++i)
        text += u"  %1. %2\n"_s.arg(i + 1).arg(plan.steps.at(i)->description());
    for (const QString &warning : plan.warnings)
        text += u"  ! "_s + warning + u'\n';
    writeOut(text);
}

QJsonArray stepsJson(const release::Plan &plan, const release::PlanOutcome &outcome)
{
    QJsonArray steps;
    for (qsizetype i = 0; i < plan.steps.size() && i < outcome.steps.size(); ++i) {
        const release::StepRecord &r = outcome.steps.at(i);
        steps.append(QJsonObject{{u"step"_s, plan.steps.at(i)->kind()},
                                 {u"outcome"_s, release::toString(r.outcome)},
                                 {u"error"_s, nullable(r.error)},
                                 {u"elapsed_ms"_s, qint64(r.elapsed.count())}});
    }
    return steps;
}

int parse(const QString &action, const QStringList &args, Options &o)
{
    o.action = action;
    const QString envOption = action == u"promote" ? u"--to"_s : u"--env"_s;
    const QString usageText = action == u"promote"
        ? u"usage: releasedeck-cli promote A --to ENV [--from ENV] [--version V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--no-notify] [--json]"_s
        : u"usage: releasedeck-cli rollback A --env ENV [--to V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--no-notify] [--json]"_s;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&](QString &into) {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(u'-')) {
                printError(u"%1: %2 needs a value"_s.arg(action, arg));
                return false;
            }
            into = args.at(++i);
            return true;
        };
        bool ok = true;
        if (arg == u"--json")
            o.json = true;
        else if (arg == u"--dry-run")
            o.dryRun = true;
        else if (arg == u"--no-notify")
            o.notify = false;
        else if (arg == u"--yes" || arg == u"-y")
            o.yes = true;
        else if (arg == envOption)
            ok = value(o.environment);
        else if (arg == u"--confirm")
            ok = value(o.confirm);
        else if (arg == u"--reason")
            ok = value(o.reason);
        else if (action == u"promote" && arg == u"--from")
            ok = value(o.from);
        else if ((action == u"promote" && arg == u"--version") || (action == u"rollback" && arg == u"--to"))
            ok = value(o.version);
        else if (arg.startsWith(u'-')) {
            printError(u"%1: unknown option '%2'"_s.arg(action, arg));
            printError(usageText);
            return UsageError;
        } else if (o.artifact.isEmpty())
            o.artifact = arg;
        else {
            printError(u"%1: unexpected argument '%2'"_s.arg(action, arg));
            return UsageError;
        }
        if (!ok)
            return UsageError;
    }
    if (o.artifact.isEmpty() || o.environment.isEmpty()) {
        printError(usageText);
        return UsageError;
    }
    return Success;
}

int run(const QString &action, const QString &workspaceFile, const QStringList &args)
{
    Options o;
    if (const int parsed = parse(action, args, o); parsed != Success)
        return parsed;
    std::optional<config::Workspace> workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    release::ReleaseEngine::Options engineOptions;
    engineOptions.notify = o.notify;
    release::ReleaseEngine engine(*workspace, engineOptions);
    auto planned = action == u"promote"
        ? engine.planPromotion(release::PromoteRequest{o.artifact, o.environment, o.from, o.version})
        : engine.planRollback(release::RollbackRequest{o.artifact, o.environment, o.version});
    if (!planned) {
        const int code = exitFor(planned.error());
        if (o.json)
            printJson(answer(o, nullptr, code == Refused ? u"refused"_s : u"failed"_s, planned.error().message));
        printError(planned.error().toString());
        return code;
    }
    if (!o.json)
        printPlan(*planned);
    if (o.dryRun) {
        if (o.json)
            printJson(answer(o, &planned->plan, u"planned"_s, planned->plan.summary() + u": planned, not run."_s));
        return Success;
    }

    const bool interactive = ::isatty(STDIN_FILENO) && !o.json;
    const config::Environment *env = workspace->environment(o.environment);
    const bool isProtected = env && env->isProtected;
    if (!o.yes && !interactive) {
        if (o.json)
            printJson(answer(o, &planned->plan, u"refused"_s, u"not confirmed: pass --yes to run without asking"_s));
        printError(u"%1: not run, because there is no terminal to ask on; pass --yes to confirm"_s.arg(planned->plan.summary()));
        return UsageError;
    }
    if (isProtected && o.confirm.isEmpty() && interactive) {
        writeOut(u"%1 is protected. Type its name to go ahead: "_s.arg(o.environment));
        o.confirm = readLine();
    } else if (!o.yes) {
        writeOut(u"Run this plan? [y/N] "_s);
        const QString reply = readLine().toLower();
        if (reply != u"y" && reply != u"yes") {
            printError(u"not run"_s);
            return Failed;
        }
    }
    if (auto admitted = engine.admit(*planned, release::Admission{o.confirm, o.reason}); !admitted) {
        const int code = exitFor(admitted.error());
        if (o.json)
            printJson(answer(o, &planned->plan, u"refused"_s, admitted.error().message));
        printError(admitted.error().message);
        return code;
    }

    const release::ReleaseOutcome outcome = engine.execute(*planned, [&](const release::Plan &plan, const release::StepEvent &e) {
        const QString n = u"[%1/%2]"_s.arg(e.step + 1).arg(plan.steps.size());
        switch (e.kind) {
        case release::StepEvent::Kind::Started:
            if (e.step == 0 && (plan.action != planned->plan.action || plan.to != planned->plan.to))
                progress(o.json, plan.summary() + u'\n');
            progress(o.json, n + u' ' + e.text + u'\n');
            break;
        case release::StepEvent::Kind::Output: progress(o.json, u"      "_s + e.text + u'\n'); break;
        case release::StepEvent::Kind::Finished: progress(o.json, n + u" done\n"_s); break;
        case release::StepEvent::Kind::Failed: progress(o.json, n + u" FAILED: "_s + e.text + u'\n'); break;
        case release::StepEvent::Kind::UndoStarted: progress(o.json, n + u" undo: "_s + e.text + u'\n'); break;
        case release::StepEvent::Kind::Undone: progress(o.json, n + u" undone\n"_s); break;
        case release::StepEvent::Kind::UndoFailed: progress(o.json, n + u" UNDO FAILED: "_s + e.text + u'\n'); break;
        case release::StepEvent::Kind::Skipped: progress(o.json, n + u" skipped\n"_s); break;
        }
    });
    if (o.json) {
        QJsonObject object = answer(o, &planned->plan, outcome.resultName(), outcome.message);
        object.insert(u"steps"_s, stepsJson(planned->plan, outcome.outcome));
        QJsonArray recoveries;
        for (qsizetype i = 0; i < outcome.recoveries.size(); ++i) {
            const release::Plan &p = outcome.recoveries.at(i).plan;
            recoveries.append(QJsonObject{{u"to"_s, p.to}, {u"result"_s, release::toString(outcome.recoveryOutcomes.at(i).result)},
                                          {u"message"_s, outcome.recoveryOutcomes.at(i).message}, {u"plan"_s, planJson(p)}});
        }
        object.insert(u"recoveries"_s, recoveries);
        object.insert(u"environments"_s, QJsonArray::fromStringList(outcome.environmentStates));
        object.insert(u"notification_warnings"_s, QJsonArray::fromStringList(outcome.notificationWarnings));
        printJson(object);
    } else if (outcome.succeeded()) {
        writeOut(outcome.message + u'\n');
    }
    if (!outcome.succeeded())
        printError(outcome.message);
    // A notice that did not arrive is worth knowing, but it changes neither the outcome nor
    // the exit code.
    for (const QString &warning : outcome.notificationWarnings)
        printError(u"warning: "_s + warning);
    switch (outcome.result) {
    case release::ReleaseOutcome::Result::Succeeded: return Success;
    case release::ReleaseOutcome::Result::Refused: return Refused;
    case release::ReleaseOutcome::Result::Failed: return Failed;
    }
    return Failed;
}

} // namespace

int promote(const QString &workspaceFile, const QStringList &args)
{
    return run(u"promote"_s, workspaceFile, args);
}

int rollback(const QString &workspaceFile, const QStringList &args)
{
    return run(u"rollback"_s, workspaceFile, args);
}

} // namespace rd::cli
