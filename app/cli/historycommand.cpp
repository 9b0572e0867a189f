// SPDX-License-Identifier: GPL-3.0-or-later
// history [A] [--env ENV] [--action ACTION] [--limit N] [--id N] [--json|--csv]: the audit log of
// the workspace, newest first.
#include "commands.h"

#include "release/auditlog.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

QString shortTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) : u"?"_s;
}

QString versions(const release::AuditRecord &r)
{
    if (r.from.isEmpty() && r.to.isEmpty())
        return u"—"_s;
    return (r.from.isEmpty() ? u"—"_s : r.from) + u" → "_s + (r.to.isEmpty() ? u"—"_s : r.to);
}

void printTable(const QList<release::AuditRecord> &records)
{
    QList<QStringList> rows { { u"ID"_s, u"TIME"_s, u"USER"_s, u"ACTION"_s, u"ARTIFACT"_s, u"ENV"_s, u"VERSIONS"_s,
                                u"RESULT"_s } };
    for (const release::AuditRecord &r : records) {
        rows.append({ QString::number(r.id), shortTime(r.time), r.actor.osUser, r.action, r.artifact, r.environment,
                      versions(r), r.result });
    }
    QList<qsizetype> widths(rows.front().size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out() << line.trimmed() << '\n';
    }
}

void printDetail(const release::AuditRecord &r)
{
    out() << "#" << r.id << "  " << (r.summary.isEmpty() ? r.action : r.summary) << '\n'
          << "  started   " << shortTime(r.time) << "  by " << r.actor.display()
          << (r.actor.host.isEmpty() ? QString() : u" on "_s + r.actor.host) << '\n'
          << "  result    " << r.result;
    if (r.finished.isValid())
        out() << " at " << shortTime(r.finished) << " after " << r.elapsedMs << " ms";
    out() << '\n';
    if (!r.message.isEmpty())
        out() << "  message   " << r.message << '\n';
    for (const QString &reason : r.overrideReasons)
        out() << "  override  " << reason << '\n';
    for (const QString &warning : r.warnings)
        out() << "  warning   " << warning << '\n';
    for (const release::AuditStep &step : r.steps) {
        out() << "  " << (step.index + 1) << ". [" << step.outcome << "] " << step.description;
        if (step.elapsedMs > 0)
            out() << " (" << step.elapsedMs << " ms)";
        out() << '\n';
        if (!step.error.isEmpty())
            out() << "       error: " << step.error << '\n';
        for (const QString &line : step.output)
            out() << "       | " << line << '\n';
    }
}

} // namespace

int history(const QString &workspaceFile, const QStringList &args)
{
    release::AuditQuery query;
    query.limit = 50;
    bool json = false;
    bool csv = false;
    bool limitGiven = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&](QString *into) {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(u"--"_s)) {
                printError(u"history: %1 needs a value"_s.arg(arg));
                return false;
            }
            *into = args.at(++i);
            return true;
        };
        QString number;
        if (arg == u"--json") {
            json = true;
        } else if (arg == u"--csv") {
            csv = true;
        } else if (arg == u"--env") {
            if (!value(&query.environment))
                return UsageError;
        } else if (arg == u"--action") {
            if (!value(&query.action))
                return UsageError;
        } else if (arg == u"--limit" || arg == u"--id") {
            if (!value(&number))
                return UsageError;
            bool ok = false;
            const qint64 parsed = number.toLongLong(&ok);
            if (!ok || parsed < 1 || (arg == u"--limit" && parsed > 100'000)) {
                printError(u"history: %1 must be a whole number%2, not '%3'"_s.arg(
                    arg, arg == u"--limit" ? u" from 1 to 100000"_s : u" from 1"_s, number));
                return UsageError;
            }
            if (arg == u"--limit") {
                query.limit = int(parsed);
                limitGiven = true;
            } else {
                query.id = parsed;
            }
        } else if (arg.startsWith(u'-')) {
            printError(u"history: unknown option '%1' (expected --env, --action, --limit, --id, --json or --csv)"_s.arg(arg));
            return UsageError;
        } else if (query.artifact.isEmpty()) {
            query.artifact = arg;
        } else {
            printError(u"history: only one artifact may be given (got '%1' and '%2')"_s.arg(query.artifact, arg));
            return UsageError;
        }
    }
    if (json && csv) {
        printError(u"history: --json and --csv cannot be combined"_s);
        return UsageError;
    }
    // Exports are for keeping: without --limit they hold everything.
    if ((json || csv) && !limitGiven)
        query.limit = 100'000;

    auto workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    if (!query.artifact.isEmpty() && !workspace->artifact(query.artifact)) {
        printError(u"history: there is no artifact '%1' in the workspace"_s.arg(query.artifact));
        return UsageError;
    }
    if (!query.environment.isEmpty() && !workspace->environment(query.environment)) {
        printError(u"history: there is no environment '%1' in the workspace"_s.arg(query.environment));
        return UsageError;
    }

    const QString file = release::AuditLog::defaultPath(*workspace);
    QList<release::AuditRecord> records;
    // Reading must not create a log: with no file there is no history yet.
    if (QFileInfo::exists(file)) {
        auto log = release::AuditLog::open(file);
        if (!log) {
            printError(log.error().message);
            return Failed;
        }
        auto found = log->records(query);
        if (!found) {
            printError(found.error().message);
            return Failed;
        }
        records = std::move(*found);
    }

    if (json) {
        out() << QJsonDocument(release::auditRecordsToJson(records)).toJson(QJsonDocument::Indented);
    } else if (csv) {
        out() << release::auditRecordsToCsv(records);
    } else if (query.id != 0) {
        if (records.isEmpty()) {
            printError(u"history: there is no record %1 in the audit log %2"_s.arg(query.id).arg(file));
            return Failed;
        }
        printDetail(records.front());
    } else if (records.isEmpty()) {
        out() << "No promotions or rollbacks recorded yet (audit log: " << file << ").\n";
    } else {
        printTable(records);
    }
    out().flush();
    return Success;
}

} // namespace rd::cli
