// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"
#include "util/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>

namespace rd::config {
struct Workspace;
}

// The audit log: every plan ReleaseDeck runs (and every attempt policy refused) as one record
// in a local SQLite file, append-only. A record is written in two parts that are never
// rewritten: when the plan starts (who, what, from → to, the planned steps, override reasons)
// and when it finishes (the result and every step's outcome and output). SQLite triggers
// refuse UPDATE and DELETE, so not even a bug here can rewrite history. A record whose
// second part never came (the process died) reads as result "unfinished".
//
// One file per workspace, shared by the GUI and the CLI and by several processes at once (WAL
// journal, busy timeout, BEGIN IMMEDIATE for each append). An AuditLog object owns one Qt SQL
// connection and must be used on the thread that opened it; open another one per thread.
namespace rd::release {

// Who ran a plan: the login, the machine, and the git identity (user.name / user.email of the
// repository the workspace file is in, else the global git configuration).
struct Actor
{
    QString osUser;
    QString host;
    QString gitName;
    QString gitEmail;

    // The person running this process, with the git identity seen from `workspaceDirectory`.
    static Actor current(const QString &workspaceDirectory);
    // "alice (Alice Example <alice@example.com>)", or just the login when git knows no one.
    QString display() const;
};

struct AuditStep
{
    int index = 0;
    QString kind;
    QString description;
    QString outcome;           // toString(StepRecord::Outcome), or "not-run" for unfinished plans
    QString error;
    QStringList output;
    qint64 elapsedMs = 0;
};

struct AuditRecord
{
    qint64 id = 0;
    QDateTime time;            // when the plan started, UTC
    QDateTime finished;        // invalid when unfinished
    Actor actor;
    QString workspaceName;
    QString workspaceFile;
    QString action;            // promote, rollback, …
    QString artifact;
    QString environment;
    QString from;
    QString to;
    QString summary;           // Plan::summary()
    QString result;            // succeeded | failed | undo-failed | cancelled | refused | unfinished
    QString message;           // the outcome's one sentence (or the refusals)
    QStringList warnings;
    QStringList overrideReasons;   // typed reasons that overrode a freeze (or another rule)
    QList<AuditStep> steps;
    qint64 elapsedMs = 0;
};

struct AuditQuery
{
    QString artifact;          // empty = any
    QString environment;       // empty = any
    QString action;            // empty = any
    int limit = 100;           // newest first; at most 100000
    qint64 id = 0;             // one record; 0 = any
};

class AuditLog
{
public:
    // The file for a workspace: $RELEASEDECK_AUDIT_DB when set, else
    // <generic data dir>/releasedeck/audit/<workspace name>-<hash of its absolute path>.sqlite
    // (~/.local/share/releasedeck/audit/… on Linux) — the same for the GUI and the CLI.
    static QString defaultPath(const config::Workspace &workspace);

    // Opens (creating when needed) the log at `file`. Errors name the file and what is wrong
    // with it: not a database, unreadable, locked by another process for longer than
    // `busyTimeout` (how long an append waits for other writers).
    [[nodiscard]] static Result<AuditLog> open(const QString &file,
                                               std::chrono::milliseconds busyTimeout = std::chrono::seconds(10));
    [[nodiscard]] static Result<AuditLog> open(const config::Workspace &workspace);

    AuditLog(AuditLog &&other) noexcept;
    AuditLog &operator=(AuditLog &&other) noexcept;
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;
    ~AuditLog();

    QString file() const { return m_file; }

    // Appends the first part of a record, before the plan runs: returns its id.
    [[nodiscard]] Result<qint64> begin(const config::Workspace &workspace, const Plan &plan, const Actor &actor,
                                       const QStringList &overrideReasons = {},
                                       const QDateTime &time = QDateTime::currentDateTimeUtc());
    // Appends the second part: the result and every step's outcome. Once per record.
    [[nodiscard]] Result<void> finish(qint64 id, const Plan &plan, const PlanOutcome &outcome,
                                      const QDateTime &time = QDateTime::currentDateTimeUtc());
    // A plan that policy (or the promotion lock) refused: both parts at once, result "refused",
    // the refusals as the message.
    [[nodiscard]] Result<qint64> recordRefusal(const config::Workspace &workspace, const Plan &plan,
                                               const Actor &actor, const QStringList &refusals,
                                               const QStringList &overrideReasons = {},
                                               const QDateTime &time = QDateTime::currentDateTimeUtc());

    // Records matching `query`, newest first, with their steps.
    [[nodiscard]] Result<QList<AuditRecord>> records(const AuditQuery &query = {}) const;
    [[nodiscard]] Result<std::optional<AuditRecord>> record(qint64 id) const;

    // Versions `artifact` ran in `environment` after a successful promotion or rollback, newest
    // first, each once: the candidates for a rollback (the first is usually the current one).
    [[nodiscard]] Result<QStringList> previousVersions(const QString &artifact, const QString &environment,
                                                       int limit = 20) const;
    // Start times of rollbacks into `environment` (any artifact) that ran — not refused — since
    // `since`, oldest first.
    [[nodiscard]] Result<QList<QDateTime>> rollbacksSince(const QString &environment, const QDateTime &since) const;
    // Start time of the newest successful promotion into `environment` (any artifact).
    [[nodiscard]] Result<std::optional<QDateTime>> lastPromotion(const QString &environment) const;

private:
    AuditLog(QString file, QString connection, std::chrono::milliseconds busyTimeout);
    Result<qint64> append(const config::Workspace &workspace, const Plan &plan, const Actor &actor,
                          const QStringList &overrideReasons, const QDateTime &time,
                          const std::optional<std::pair<PlanOutcome, QDateTime>> &finished, const QString &refusal);

    QString m_file;
    QString m_connection;      // the Qt SQL connection name, unique per object
    std::chrono::milliseconds m_busyTimeout{0};
};

// Exports. JSON: {"records": [{"id", "time", "user", "action", "artifact", "environment",
// "from", "to", "result", … every other field, "steps": […]}]} (docs/cli.md). CSV: one line per
// record, a header line, RFC 4180 quoting (fields with a comma, quote or line break are quoted,
// quotes doubled), steps folded into one column.
QJsonObject auditRecordToJson(const AuditRecord &record);
QJsonObject auditRecordsToJson(const QList<AuditRecord> &records);
QString auditRecordsToCsv(const QList<AuditRecord> &records);
// One CSV field, quoted when needed.
QString csvField(const QString &text);

} // namespace rd::release
