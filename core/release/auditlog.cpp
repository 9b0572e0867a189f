// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/auditlog.h"

#include "config/workspace.h"
#include "git/identity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSysInfo>
#include <QVariant>

#include <atomic>
#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// Bumped when the schema changes; a newer file is refused rather than misread.
constexpr int SchemaVersion = 1;
// Bounds on what one record may hold, so a runaway step cannot bloat the file.
constexpr qsizetype MaxText = 4096;
constexpr qsizetype MaxLines = 2000;
constexpr qsizetype MaxReasons = 20;
constexpr int MaxLimit = 100'000;

const char *const schema[] = {
    "CREATE TABLE IF NOT EXISTS plans ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL,"
    " os_user TEXT NOT NULL DEFAULT '', host TEXT NOT NULL DEFAULT '',"
    " git_name TEXT NOT NULL DEFAULT '', git_email TEXT NOT NULL DEFAULT '',"
    " workspace_name TEXT NOT NULL DEFAULT '', workspace_file TEXT NOT NULL DEFAULT '',"
    " action TEXT NOT NULL, artifact TEXT NOT NULL DEFAULT '', environment TEXT NOT NULL DEFAULT '',"
    " from_version TEXT NOT NULL DEFAULT '', to_version TEXT NOT NULL DEFAULT '',"
    " summary TEXT NOT NULL DEFAULT '', warnings TEXT NOT NULL DEFAULT '[]',"
    " override_reasons TEXT NOT NULL DEFAULT '[]')",
    "CREATE TABLE IF NOT EXISTS plan_steps ("
    " plan_id INTEGER NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL,"
    " kind TEXT NOT NULL, description TEXT NOT NULL, PRIMARY KEY (plan_id, idx))",
    "CREATE TABLE IF NOT EXISTS outcomes ("
    " plan_id INTEGER PRIMARY KEY REFERENCES plans(id), finished TEXT NOT NULL, result TEXT NOT NULL,"
    " message TEXT NOT NULL DEFAULT '', failed_step INTEGER NOT NULL DEFAULT -1,"
    " elapsed_ms INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS step_results ("
    " plan_id INTEGER NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, outcome TEXT NOT NULL,"
    " error TEXT NOT NULL DEFAULT '', output TEXT NOT NULL DEFAULT '[]',"
    " elapsed_ms INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (plan_id, idx))",
    "CREATE INDEX IF NOT EXISTS plans_by_environment ON plans (environment, action)",
    "CREATE INDEX IF NOT EXISTS plans_by_artifact ON plans (artifact, environment)",
};

const char *const appendOnlyTables[] = { "plans", "plan_steps", "outcomes", "step_results" };

QString isoTime(const QDateTime &time)
{
    // Fixed width and UTC, so text order is time order in SQL comparisons.
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz'Z'"_s);
}

QDateTime parseTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QString bounded(const QString &text)
{
    return text.size() > MaxText ? text.left(MaxText) + u'…' : text;
}

QString listToJson(const QStringList &list)
{
    QJsonArray array;
    const qsizetype count = std::min(list.size(), MaxLines);
    for (qsizetype i = 0; i < count; ++i)
        array.append(bounded(list.at(i)));
    if (list.size() > MaxLines)
        array.append(u"… %1 more lines left out"_s.arg(list.size() - MaxLines));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString &text)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

// What SQLite said, turned into a sentence that names the file.
Error sqlError(const QString &file, const QString &doing, const QSqlError &error,
               std::chrono::milliseconds busyTimeout = {})
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    const QString native = error.nativeErrorCode();
    QString message;
    if (text.contains(u"locked"_s) || text.contains(u"busy"_s) || native == u"5"_s || native == u"6"_s) {
        message = u"the audit log %1 is locked by another process (waited %2 ms while %3); try again"_s.arg(
            file, QString::number(busyTimeout.count()), doing);
    } else if (text.contains(u"not a database"_s) || text.contains(u"malformed"_s) || native == u"26"_s
               || native == u"11"_s) {
        message = u"the audit log %1 is damaged or not a ReleaseDeck audit database (%2 while %3); move it "
                  u"aside to start a new one"_s.arg(file, text, doing);
    } else if (text.contains(u"append-only"_s)) {
        message = u"the audit log %1 is append-only: records cannot be changed or deleted"_s.arg(file);
    } else {
        message = u"cannot use the audit log %1 while %2: %3"_s.arg(file, doing, text);
    }
    return Error { Error::Domain::Io, message, {}, native.toInt() };
}

std::atomic<quint64> connectionCounter { 0 };

QString currentLogin()
{
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    QByteArray buffer(size > 0 ? size : 16384, '\0');
    passwd entry {};
    passwd *found = nullptr;
    if (::getpwuid_r(::geteuid(), &entry, buffer.data(), size_t(buffer.size()), &found) == 0 && found)
        return QString::fromLocal8Bit(found->pw_name);
    return qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME", u"uid %1"_s.arg(::geteuid())));
}

// A query prepared on the log's connection; `ok` is false after the first failure.
class Statement
{
public:
    Statement(const QSqlDatabase &db, const QString &sql)
        : m_query(db)
    {
        m_query.setForwardOnly(true);
        m_prepared = m_query.prepare(sql);
    }
    Statement &bind(const QVariant &value)
    {
        m_query.addBindValue(value);
        return *this;
    }
    // Text is never bound as NULL: an empty QString is often a null one, and NULL neither
    // fits the NOT NULL columns nor compares equal to ''.
    Statement &bind(const QString &text)
    {
        if (!text.isNull())
            return bind(QVariant(text));
        QString empty;
        empty.reserve(1);
        return bind(QVariant(empty));
    }
    bool exec() { return m_prepared && m_query.exec(); }
    QSqlQuery &query() { return m_query; }
    QSqlError error() const { return m_query.lastError(); }

private:
    QSqlQuery m_query;
    bool m_prepared = false;
};

} // namespace

// ---------------------------------------------------------------------------------------------

Actor Actor::current(const QString &workspaceDirectory)
{
    const git::Identity identity = git::identityFor(workspaceDirectory);
    return Actor { currentLogin(), QSysInfo::machineHostName(), identity.name, identity.email };
}

QString Actor::display() const
{
    if (gitName.isEmpty() && gitEmail.isEmpty())
        return osUser;
    QString git = gitName;
    if (!gitEmail.isEmpty())
        git += (git.isEmpty() ? u"<"_s : u" <"_s) + gitEmail + u'>';
    return osUser + u" ("_s + git + u')';
}

// ---------------------------------------------------------------------------------------------

QString AuditLog::defaultPath(const config::Workspace &workspace)
{
    const QString overridden = qEnvironmentVariable("RELEASEDECK_AUDIT_DB");
    if (!overridden.isEmpty())
        return overridden;
    // Generic, not per-application: the GUI (releasedeck) and the CLI (releasedeck-cli) must
    // share one log. The hash keeps two workspaces with the same name apart.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    const QByteArray key = QCryptographicHash::hash(QDir::cleanPath(workspace.file).toUtf8(),
                                                    QCryptographicHash::Sha256).toHex().left(16);
    QString name;
    for (QChar c : workspace.name.left(40)) {
        name += (c.isLetterOrNumber() && c.unicode() < 0x80) || c == u'-' || c == u'_' ? c : QChar(u'_');
    }
    if (name.isEmpty())
        name = u"workspace"_s;
    return base + u"/releasedeck/audit/"_s + name + u'-' + QString::fromLatin1(key) + u".sqlite"_s;
}

Result<AuditLog> AuditLog::open(const config::Workspace &workspace)
{
    return open(defaultPath(workspace));
}

Result<AuditLog> AuditLog::open(const QString &file, std::chrono::milliseconds busyTimeout)
{
    if (file.isEmpty())
        return fail(Error::Domain::Io, u"no audit log file given"_s);
    const QFileInfo info(file);
    if (info.exists() && !info.isFile())
        return fail(Error::Domain::Io, u"the audit log %1 is not a regular file"_s.arg(file));
    if (info.exists() && !info.isReadable())
        return fail(Error::Domain::Io, u"cannot read the audit log %1: permission denied"_s.arg(file));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(Error::Domain::Io, u"cannot create the folder %1 for the audit log"_s.arg(info.absolutePath()));

    const QString connection = u"rd-audit-%1"_s.arg(connectionCounter.fetch_add(1));
    AuditLog log(file, connection, busyTimeout);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        if (!db.isValid())
            return fail(Error::Domain::Io, u"cannot open the audit log: the Qt SQLite driver is missing"_s);
        db.setDatabaseName(file);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeout.count()));
        if (!db.open())
            return std::unexpected(sqlError(file, u"opening it"_s, db.lastError(), busyTimeout));

        QSqlQuery query(db);
        // The journal mode is a property of the file; switching needs a moment of exclusive
        // access, so it is only asked for when not yet set.
        if (!query.exec(u"PRAGMA journal_mode"_s))
            return std::unexpected(sqlError(file, u"reading it"_s, query.lastError(), busyTimeout));
        const QString mode = query.next() ? query.value(0).toString() : QString();
        query.finish();
        if (mode != u"wal"_s && !query.exec(u"PRAGMA journal_mode=WAL"_s))
            return std::unexpected(sqlError(file, u"switching it to WAL mode"_s, query.lastError(), busyTimeout));
        query.finish();
        if (!query.exec(u"PRAGMA foreign_keys=ON"_s))
            return std::unexpected(sqlError(file, u"setting it up"_s, query.lastError(), busyTimeout));

        if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
            return std::unexpected(sqlError(file, u"reading its version"_s, query.lastError(), busyTimeout));
        const int version = query.value(0).toInt();
        query.finish();
        if (version > SchemaVersion) {
            return fail(Error::Domain::Io,
                        u"the audit log %1 was written by a newer ReleaseDeck (schema %2; this one reads %3)"_s
                            .arg(file)
                            .arg(version)
                            .arg(SchemaVersion));
        }
        if (version < SchemaVersion) {
            if (!query.exec(u"BEGIN IMMEDIATE"_s))
                return std::unexpected(sqlError(file, u"creating its tables"_s, query.lastError(), busyTimeout));
            QStringList statements;
            for (const char *sql : schema)
                statements.append(QString::fromLatin1(sql));
            for (const char *table : appendOnlyTables) {
                const QString name = QString::fromLatin1(table);
                for (const QString &operation : { u"UPDATE"_s, u"DELETE"_s }) {
                    statements.append(u"CREATE TRIGGER IF NOT EXISTS %1_no_%2 BEFORE %3 ON %1 BEGIN "
                                      u"SELECT RAISE(ABORT, 'the audit log is append-only'); END"_s.arg(
                                          name, operation.toLower(), operation));
                }
            }
            statements.append(u"PRAGMA user_version=%1"_s.arg(SchemaVersion));
            for (const QString &sql : std::as_const(statements)) {
                if (!query.exec(sql)) {
                    const QSqlError error = query.lastError();
                    QSqlQuery(db).exec(u"ROLLBACK"_s);
                    return std::unexpected(sqlError(file, u"creating its tables"_s, error, busyTimeout));
                }
            }
            if (!query.exec(u"COMMIT"_s))
                return std::unexpected(sqlError(file, u"creating its tables"_s, query.lastError(), busyTimeout));
        }
    }
    return log;
}

AuditLog::AuditLog(QString file, QString connection, std::chrono::milliseconds busyTimeout)
    : m_file(std::move(file))
    , m_connection(std::move(connection))
    , m_busyTimeout(busyTimeout)
{ }

AuditLog::AuditLog(AuditLog &&other) noexcept
    : m_file(std::move(other.m_file))
    , m_connection(std::exchange(other.m_connection, QString()))
    , m_busyTimeout(other.m_busyTimeout)
{ }

AuditLog &AuditLog::operator=(AuditLog &&other) noexcept
{
    if (this != &other) {
        if (!m_connection.isEmpty())
            QSqlDatabase::removeDatabase(m_connection);
        m_file = std::move(other.m_file);
        m_connection = std::exchange(other.m_connection, QString());
        m_busyTimeout = other.m_busyTimeout;
    }
    return *this;
}

AuditLog::~AuditLog()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

// ---------------------------------------------------------------------------------------------

Result<qint64> AuditLog::append(const config::Workspace &workspace, const Plan &plan, const Actor &actor,
                                const QStringList &overrideReasons, const QDateTime &time,
                                const std::optional<std::pair<PlanOutcome, QDateTime>> &finished,
                                const QString &refusal)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QString doing = u"appending a record"_s;
    QSqlQuery control(db);
    if (!control.exec(u"BEGIN IMMEDIATE"_s))
        return std::unexpected(sqlError(m_file, doing, control.lastError(), m_busyTimeout));
    auto abort = [&](const QSqlError &error) {
        QSqlQuery(db).exec(u"ROLLBACK"_s);
        return std::unexpected(sqlError(m_file, doing, error, m_busyTimeout));
    };

    Statement plans(db, u"INSERT INTO plans (started, os_user, host, git_name, git_email, workspace_name, "
                        u"workspace_file, action, artifact, environment, from_version, to_version, summary, "
                        u"warnings, override_reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
    plans.bind(isoTime(time))
        .bind(bounded(actor.osUser))
        .bind(bounded(actor.host))
        .bind(bounded(actor.gitName))
        .bind(bounded(actor.gitEmail))
        .bind(bounded(workspace.name))
        .bind(bounded(workspace.file))
        .bind(bounded(plan.action.isEmpty() ? u"change"_s : plan.action))
        .bind(bounded(plan.artifact))
        .bind(bounded(plan.environment))
        .bind(bounded(plan.from))
        .bind(bounded(plan.to))
        .bind(bounded(plan.summary()))
        .bind(listToJson(plan.warnings))
        .bind(listToJson(overrideReasons.mid(0, MaxReasons)));
    if (!plans.exec())
        return abort(plans.error());
    const qint64 id = plans.query().lastInsertId().toLongLong();

    for (qsizetype i = 0; i < plan.steps.size(); ++i) {
        const std::shared_ptr<Step> &step = plan.steps.at(i);
        Statement insert(db, u"INSERT INTO plan_steps (plan_id, idx, kind, description) VALUES (?,?,?,?)"_s);
        insert.bind(id).bind(int(i)).bind(step ? bounded(step->kind()) : QString())
            .bind(step ? bounded(step->description()) : QString());
        if (!insert.exec())
            return abort(insert.error());
    }

    if (finished || !refusal.isEmpty()) {
        const PlanOutcome outcome = finished ? finished->first : PlanOutcome {};
        const QDateTime end = finished ? finished->second : time;
        Statement insert(db, u"INSERT INTO outcomes (plan_id, finished, result, message, failed_step, elapsed_ms) "
                             u"VALUES (?,?,?,?,?,?)"_s);
        insert.bind(id)
            .bind(isoTime(end))
            .bind(refusal.isEmpty() ? toString(outcome.result) : u"refused"_s)
            .bind(bounded(refusal.isEmpty() ? outcome.message : refusal))
            .bind(outcome.failedStep)
            .bind(qint64(outcome.elapsed.count()));
        if (!insert.exec())
            return abort(insert.error());
        for (qsizetype i = 0; finished && i < outcome.steps.size() && i < plan.steps.size(); ++i) {
            const StepRecord &record = outcome.steps.at(i);
            Statement step(db, u"INSERT INTO step_results (plan_id, idx, outcome, error, output, elapsed_ms) "
                               u"VALUES (?,?,?,?,?,?)"_s);
            step.bind(id).bind(int(i)).bind(toString(record.outcome)).bind(bounded(record.error))
                .bind(listToJson(record.output)).bind(qint64(record.elapsed.count()));
            if (!step.exec())
                return abort(step.error());
        }
    }
    if (!control.exec(u"COMMIT"_s))
        return abort(control.lastError());
    return id;
}

Result<qint64> AuditLog::begin(const config::Workspace &workspace, const Plan &plan, const Actor &actor,
                               const QStringList &overrideReasons, const QDateTime &time)
{
    return append(workspace, plan, actor, overrideReasons, time, std::nullopt, {});
}

Result<qint64> AuditLog::recordRefusal(const config::Workspace &workspace, const Plan &plan, const Actor &actor,
                                       const QStringList &refusals, const QStringList &overrideReasons,
                                       const QDateTime &time)
{
    QString message = refusals.join(u' ');
    if (message.isEmpty())
        message = u"refused"_s;
    return append(workspace, plan, actor, overrideReasons, time, std::nullopt, message);
}

Result<void> AuditLog::finish(qint64 id, const Plan &plan, const PlanOutcome &outcome, const QDateTime &time)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QString doing = u"appending the outcome of record %1"_s.arg(id);
    QSqlQuery control(db);
    if (!control.exec(u"BEGIN IMMEDIATE"_s))
        return std::unexpected(sqlError(m_file, doing, control.lastError(), m_busyTimeout));
    auto abort = [&](const QSqlError &error) {
        QSqlQuery(db).exec(u"ROLLBACK"_s);
        return std::unexpected(sqlError(m_file, doing, error, m_busyTimeout));
    };
    {
        Statement exists(db, u"SELECT (SELECT COUNT(*) FROM plans WHERE id = ?), "
                             u"(SELECT COUNT(*) FROM outcomes WHERE plan_id = ?)"_s);
        exists.bind(id).bind(id);
        if (!exists.exec() || !exists.query().next())
            return abort(exists.error());
        const bool known = exists.query().value(0).toInt() == 1;
        const bool done = exists.query().value(1).toInt() > 0;
        exists.query().finish();
        if (!known || done) {
            QSqlQuery(db).exec(u"ROLLBACK"_s);
            return fail(Error::Domain::Io,
                        known ? u"audit record %1 in %2 is already finished; a record's outcome is written once"_s
                                    .arg(id)
                                    .arg(m_file)
                              : u"there is no audit record %1 in %2"_s.arg(id).arg(m_file));
        }
    }
    Statement insert(db, u"INSERT INTO outcomes (plan_id, finished, result, message, failed_step, elapsed_ms) "
                         u"VALUES (?,?,?,?,?,?)"_s);
    insert.bind(id).bind(isoTime(time)).bind(toString(outcome.result)).bind(bounded(outcome.message))
        .bind(outcome.failedStep).bind(qint64(outcome.elapsed.count()));
    if (!insert.exec())
        return abort(insert.error());
    for (qsizetype i = 0; i < outcome.steps.size() && i < plan.steps.size(); ++i) {
        const StepRecord &record = outcome.steps.at(i);
        Statement step(db, u"INSERT INTO step_results (plan_id, idx, outcome, error, output, elapsed_ms) "
                           u"VALUES (?,?,?,?,?,?)"_s);
        step.bind(id).bind(int(i)).bind(toString(record.outcome)).bind(bounded(record.error))
            .bind(listToJson(record.output)).bind(qint64(record.elapsed.count()));
        if (!step.exec())
            return abort(step.error());
    }
    if (!control.exec(u"COMMIT"_s))
        return abort(control.lastError());
    return {};
}

// ---------------------------------------------------------------------------------------------

namespace {

const QString recordColumns =
    u"p.id, p.started, p.os_user, p.host, p.git_name, p.git_email, p.workspace_name, p.workspace_file, "
    u"p.action, p.artifact, p.environment, p.from_version, p.to_version, p.summary, p.warnings, "
    u"p.override_reasons, o.finished, o.result, o.message, o.elapsed_ms "
    u"FROM plans p LEFT JOIN outcomes o ON o.plan_id = p.id "_s;

AuditRecord readRecord(const QSqlQuery &q)
{
    AuditRecord r;
    r.id = q.value(0).toLongLong();
    r.time = parseTime(q.value(1).toString());
    r.actor = Actor { q.value(2).toString(), q.value(3).toString(), q.value(4).toString(), q.value(5).toString() };
    r.workspaceName = q.value(6).toString();
    r.workspaceFile = q.value(7).toString();
    r.action = q.value(8).toString();
    r.artifact = q.value(9).toString();
    r.environment = q.value(10).toString();
    r.from = q.value(11).toString();
    r.to = q.value(12).toString();
    r.summary = q.value(13).toString();
    r.warnings = listFromJson(q.value(14).toString());
    r.overrideReasons = listFromJson(q.value(15).toString());
    const bool finished = !q.value(17).isNull();
    r.finished = finished ? parseTime(q.value(16).toString()) : QDateTime();
    r.result = finished ? q.value(17).toString() : u"unfinished"_s;
    r.message = q.value(18).toString();
    r.elapsedMs = q.value(19).toLongLong();
    return r;
}

} // namespace

Result<QList<AuditRecord>> AuditLog::records(const AuditQuery &query) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QString doing = u"reading records"_s;
    // Read in one transaction, so records and their steps are one consistent snapshot.
    QSqlQuery control(db);
    if (!control.exec(u"BEGIN"_s))
        return std::unexpected(sqlError(m_file, doing, control.lastError(), m_busyTimeout));
    auto abort = [&](const QSqlError &error) {
        QSqlQuery(db).exec(u"ROLLBACK"_s);
        return std::unexpected(sqlError(m_file, doing, error, m_busyTimeout));
    };
    Statement select(db, u"SELECT "_s + recordColumns
                             + u"WHERE (? = '' OR p.artifact = ?) AND (? = '' OR p.environment = ?) "
                               u"AND (? = '' OR p.action = ?) AND (? = 0 OR p.id = ?) ORDER BY p.id DESC LIMIT ?"_s);
    select.bind(query.artifact).bind(query.artifact).bind(query.environment).bind(query.environment)
        .bind(query.action).bind(query.action).bind(query.id).bind(query.id).bind(std::clamp(query.limit, 0, MaxLimit));
    if (!select.exec())
        return abort(select.error());
    QList<AuditRecord> records;
    while (select.query().next())
        records.append(readRecord(select.query()));
    if (select.error().isValid())
        return abort(select.error());
    select.query().finish();

    for (AuditRecord &record : records) {
        Statement steps(db, u"SELECT s.idx, s.kind, s.description, r.outcome, r.error, r.output, r.elapsed_ms "
                            u"FROM plan_steps s LEFT JOIN step_results r ON r.plan_id = s.plan_id AND r.idx = s.idx "
                            u"WHERE s.plan_id = ? ORDER BY s.idx"_s);
        steps.bind(record.id);
        if (!steps.exec())
            return abort(steps.error());
        while (steps.query().next()) {
            const QSqlQuery &q = steps.query();
            AuditStep step;
            step.index = q.value(0).toInt();
            step.kind = q.value(1).toString();
            step.description = q.value(2).toString();
            step.outcome = q.value(3).isNull() ? u"not-run"_s : q.value(3).toString();
            step.error = q.value(4).toString();
            step.output = listFromJson(q.value(5).toString());
            step.elapsedMs = q.value(6).toLongLong();
            record.steps.append(step);
        }
    }
    control.exec(u"COMMIT"_s);
    return records;
}

Result<std::optional<AuditRecord>> AuditLog::record(qint64 id) const
{
    AuditQuery query;
    query.id = id;
    query.limit = 1;
    auto found = records(query);
    if (!found)
        return std::unexpected(found.error());
    return found->isEmpty() ? std::optional<AuditRecord>() : std::optional<AuditRecord>(found->front());
}

Result<QStringList> AuditLog::previousVersions(const QString &artifact, const QString &environment, int limit) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Statement select(db, u"SELECT p.to_version, MAX(p.id) AS newest FROM plans p JOIN outcomes o ON o.plan_id = p.id "
                         u"WHERE p.artifact = ? AND p.environment = ? AND p.action IN ('promote', 'rollback') "
                         u"AND o.result = 'succeeded' AND p.to_version <> '' "
                         u"GROUP BY p.to_version ORDER BY newest DESC LIMIT ?"_s);
    select.bind(artifact).bind(environment).bind(std::clamp(limit, 0, MaxLimit));
    if (!select.exec())
        return std::unexpected(sqlError(m_file, u"reading previous versions"_s, select.error(), m_busyTimeout));
    QStringList versions;
    while (select.query().next())
        versions.append(select.query().value(0).toString());
    return versions;
}

Result<QList<QDateTime>> AuditLog::rollbacksSince(const QString &environment, const QDateTime &since) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Statement select(db, u"SELECT p.started FROM plans p LEFT JOIN outcomes o ON o.plan_id = p.id "
                         u"WHERE p.environment = ? AND p.action = 'rollback' AND p.started >= ? "
                         u"AND (o.result IS NULL OR o.result <> 'refused') ORDER BY p.started"_s);
    select.bind(environment).bind(isoTime(since));
    if (!select.exec())
        return std::unexpected(sqlError(m_file, u"counting rollbacks"_s, select.error(), m_busyTimeout));
    QList<QDateTime> times;
    while (select.query().next())
        times.append(parseTime(select.query().value(0).toString()));
    return times;
}

Result<std::optional<QDateTime>> AuditLog::lastPromotion(const QString &environment) const
{
    // A promotion still running (or whose process died) counts too: min_interval is about
    // promotions starting too close to each other.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Statement select(db, u"SELECT MAX(p.started) FROM plans p LEFT JOIN outcomes o ON o.plan_id = p.id "
                         u"WHERE p.environment = ? AND p.action = 'promote' "
                         u"AND (o.result IS NULL OR o.result = 'succeeded')"_s);
    select.bind(environment);
    if (!select.exec())
        return std::unexpected(sqlError(m_file, u"reading the last promotion"_s, select.error(), m_busyTimeout));
    if (!select.query().next() || select.query().value(0).isNull())
        return std::optional<QDateTime>();
    return std::optional<QDateTime>(parseTime(select.query().value(0).toString()));
}

// ---------------------------------------------------------------------------------------------

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QString stepsText(const AuditRecord &record)
{
    QStringList lines;
    for (const AuditStep &step : record.steps) {
        QString line = u"%1. [%2] %3: %4"_s.arg(QString::number(step.index + 1), step.outcome, step.kind,
                                                step.description);
        if (!step.error.isEmpty())
            line += u" — "_s + step.error;
        lines.append(line);
    }
    return lines.join(u'\n');
}

} // namespace

QJsonObject auditRecordToJson(const AuditRecord &r)
{
    QJsonArray steps;
    for (const AuditStep &step : r.steps) {
        steps.append(QJsonObject {
            { u"index"_s, step.index },
            { u"kind"_s, step.kind },
            { u"description"_s, step.description },
            { u"outcome"_s, step.outcome },
            { u"error"_s, textOrNull(step.error) },
            { u"elapsed_ms"_s, double(step.elapsedMs) },
            { u"output"_s, QJsonArray::fromStringList(step.output) },
        });
    }
    return QJsonObject {
        { u"id"_s, double(r.id) },
        { u"time"_s, timeOrNull(r.time) },
        { u"user"_s, r.actor.osUser },
        { u"action"_s, r.action },
        { u"artifact"_s, textOrNull(r.artifact) },
        { u"environment"_s, textOrNull(r.environment) },
        { u"from"_s, textOrNull(r.from) },
        { u"to"_s, textOrNull(r.to) },
        { u"result"_s, r.result },
        { u"finished"_s, timeOrNull(r.finished) },
        { u"host"_s, r.actor.host },
        { u"git_name"_s, textOrNull(r.actor.gitName) },
        { u"git_email"_s, textOrNull(r.actor.gitEmail) },
        { u"workspace"_s, r.workspaceName },
        { u"workspace_file"_s, r.workspaceFile },
        { u"summary"_s, r.summary },
        { u"message"_s, r.message },
        { u"warnings"_s, QJsonArray::fromStringList(r.warnings) },
        { u"override_reasons"_s, QJsonArray::fromStringList(r.overrideReasons) },
        { u"elapsed_ms"_s, double(r.elapsedMs) },
        { u"steps"_s, steps },
    };
}

QJsonObject auditRecordsToJson(const QList<AuditRecord> &records)
{
    QJsonArray array;
    for (const AuditRecord &record : records)
        array.append(auditRecordToJson(record));
    return QJsonObject { { u"records"_s, array } };
}

QString csvField(const QString &text)
{
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(u"\""_s, u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString auditRecordsToCsv(const QList<AuditRecord> &records)
{
    static const QStringList header { u"id"_s, u"time"_s, u"finished"_s, u"user"_s, u"host"_s, u"git_name"_s,
        u"git_email"_s, u"workspace"_s, u"workspace_file"_s, u"action"_s, u"artifact"_s, u"environment"_s,
        u"from"_s, u"to"_s, u"result"_s, u"message"_s, u"override_reasons"_s, u"warnings"_s, u"elapsed_ms"_s,
        u"steps"_s };
    QString csv = header.join(u',') + u"\r\n"_s;
    for (const AuditRecord &r : records) {
        const QStringList fields {
            QString::number(r.id),
            r.time.isValid() ? r.time.toUTC().toString(Qt::ISODateWithMs) : QString(),
            r.finished.isValid() ? r.finished.toUTC().toString(Qt::ISODateWithMs) : QString(),
            r.actor.osUser, r.actor.host, r.actor.gitName, r.actor.gitEmail, r.workspaceName, r.workspaceFile,
            r.action, r.artifact, r.environment, r.from, r.to, r.result, r.message,
            r.overrideReasons.join(u'\n'), r.warnings.join(u'\n'), QString::number(r.elapsedMs), stepsText(r),
        };
        QStringList quoted;
        for (const QString &field : fields)
            quoted.append(csvField(field));
        csv += quoted.join(u',') + u"\r\n"_s;
    }
    return csv;
}

} // namespace rd::release
