// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/workspace.h"
#include "git/repository.h"
#include "release/auditlog.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::release::AuditLog;
using rd::release::AuditQuery;
using rd::release::AuditRecord;
using rd::release::Plan;
using rd::release::PlanOutcome;
using rd::release::StepRecord;

namespace {

// A step that is only described: the audit log reads kind() and description(), never runs it.
class NamedStep final : public rd::release::Step
{
public:
    NamedStep(QString kind, QString description)
        : m_kind(std::move(kind))
        , m_description(std::move(description))
    { }
    QString kind() const override { return m_kind; }
    QString description() const override { return m_description; }
    rd::Result<void> run(rd::release::StepContext &) override { return {}; }

private:
    QString m_kind;
    QString m_description;
};

rd::config::Workspace workspace()
{
    rd::config::Workspace w;
    w.name = u"hockey"_s;
    w.file = u"/srv/hockey/releasedeck.yaml"_s;
    return w;
}

rd::release::Actor alice()
{
    return { u"alice"_s, u"laptop"_s, u"Alice Example"_s, u"alice@example.com"_s };
}

Plan plan(const QString &action, const QString &artifact, const QString &env, const QString &from, const QString &to)
{
    Plan p;
    p.action = action;
    p.artifact = artifact;
    p.environment = env;
    p.from = from;
    p.to = to;
    p.steps.append(std::make_shared<NamedStep>(u"registry-retag"_s, u"Point %1:%2 at %3."_s.arg(artifact, env, to)));
    p.steps.append(std::make_shared<NamedStep>(u"ssh"_s, u"Run the deploy command on prod-1."_s));
    return p;
}

PlanOutcome outcome(PlanOutcome::Result result)
{
    PlanOutcome o;
    o.result = result;
    o.message = result == PlanOutcome::Result::Succeeded ? u"Done."_s : u"The deploy command failed; undone."_s;
    o.elapsed = 1234ms;
    StepRecord first;
    first.outcome = result == PlanOutcome::Result::Succeeded ? StepRecord::Outcome::Succeeded
                                                             : StepRecord::Outcome::Undone;
    first.output = { u"retagged"_s };
    first.elapsed = 10ms;
    StepRecord second;
    second.outcome = result == PlanOutcome::Result::Succeeded ? StepRecord::Outcome::Succeeded
                                                              : StepRecord::Outcome::Failed;
    second.error = result == PlanOutcome::Result::Succeeded ? QString() : u"exit code 1"_s;
    second.output = { u"line 1"_s, u"line 2"_s };
    second.elapsed = 900ms;
    if (result != PlanOutcome::Result::Succeeded)
        o.failedStep = 1;
    o.steps = { first, second };
    return o;
}

// Appends one finished record; the test's time runs in whole minutes from a fixed start.
qint64 append(AuditLog &log, const QString &action, const QString &artifact, const QString &env,
              const QString &from, const QString &to, PlanOutcome::Result result, const QDateTime &time)
{
    const Plan p = plan(action, artifact, env, from, to);
    auto id = log.begin(workspace(), p, alice(), {}, time);
    if (!id)
        qFatal("begin failed: %s", qPrintable(id.error().message));
    auto done = log.finish(*id, p, outcome(result), time.addSecs(5));
    if (!done)
        qFatal("finish failed: %s", qPrintable(done.error().message));
    return *id;
}

const QDateTime start = QDateTime(QDate(2026, 11, 27), QTime(9, 0), QTimeZone::UTC);

// RFC 4180 reader, written independently of the writer, to check what the writer produced.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            fieldStarted = false;
            ++i;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

// Child mode: `tst_auditlog --append FILE N TAG` appends N records and exits 0.
int appendAsChild(const QStringList &args)
{
    auto log = AuditLog::open(args.at(2));
    if (!log) {
        fprintf(stderr, "%s\n", qPrintable(log.error().message));
        return 1;
    }
    const int count = args.at(3).toInt();
    for (int i = 0; i < count; ++i) {
        const Plan p = plan(u"promote"_s, args.at(4), u"qa"_s, {}, u"v%1"_s.arg(i));
        auto id = log->begin(workspace(), p, alice());
        if (!id) {
            fprintf(stderr, "%s\n", qPrintable(id.error().message));
            return 1;
        }
        if (auto done = log->finish(*id, p, outcome(PlanOutcome::Result::Succeeded)); !done) {
            fprintf(stderr, "%s\n", qPrintable(done.error().message));
            return 1;
        }
    }
    return 0;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_files = 0;
    QString newFile() { return m_dir.filePath(u"audit-%1.sqlite"_s.arg(++m_files)); }

private Q_SLOTS:
    void roundTrip()
    {
        auto log = AuditLog::open(newFile());
        QVERIFY2(log, qPrintable(log ? QString() : log.error().message));
        const Plan p = plan(u"promote"_s, u"api"_s, u"prod"_s, u"v1.4.1"_s, u"v1.4.2"_s);
        auto id = log->begin(workspace(), p, alice(), { u"Black Friday hotfix, approved by Bob"_s }, start);
        QVERIFY(id);

        // Before the outcome: the record exists and reads as unfinished, with its planned steps.
        auto records = log->records();
        QVERIFY(records);
        QCOMPARE(records->size(), 1);
        QCOMPARE(records->front().result, u"unfinished"_s);
        QCOMPARE(records->front().steps.size(), 2);
        QCOMPARE(records->front().steps.at(1).outcome, u"not-run"_s);

        QVERIFY(log->finish(*id, p, outcome(PlanOutcome::Result::Failed), start.addSecs(3)));
        records = log->records();
        QVERIFY(records);
        const AuditRecord &r = records->front();
        QCOMPARE(r.id, *id);
        QCOMPARE(r.time, start);
        QCOMPARE(r.finished, start.addSecs(3));
        QCOMPARE(r.actor.osUser, u"alice"_s);
        QCOMPARE(r.actor.gitEmail, u"alice@example.com"_s);
        QCOMPARE(r.workspaceName, u"hockey"_s);
        QCOMPARE(r.workspaceFile, u"/srv/hockey/releasedeck.yaml"_s);
        QCOMPARE(r.action, u"promote"_s);
        QCOMPARE(r.artifact, u"api"_s);
        QCOMPARE(r.environment, u"prod"_s);
        QCOMPARE(r.from, u"v1.4.1"_s);
        QCOMPARE(r.to, u"v1.4.2"_s);
        QCOMPARE(r.result, u"failed"_s);
        QCOMPARE(r.message, u"The deploy command failed; undone."_s);
        QCOMPARE(r.overrideReasons, QStringList { u"Black Friday hotfix, approved by Bob"_s });
        QCOMPARE(r.elapsedMs, 1234);
        QCOMPARE(r.steps.size(), 2);
        QCOMPARE(r.steps.at(0).kind, u"registry-retag"_s);
        QCOMPARE(r.steps.at(0).outcome, u"undone"_s);
        QCOMPARE(r.steps.at(1).outcome, u"failed"_s);
        QCOMPARE(r.steps.at(1).error, u"exit code 1"_s);
        QCOMPARE(r.steps.at(1).output, (QStringList { u"line 1"_s, u"line 2"_s }));
        QCOMPARE(r.steps.at(1).elapsedMs, 900);

        // An outcome is written once.
        auto again = log->finish(*id, p, outcome(PlanOutcome::Result::Succeeded));
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(u"already finished"_s), qPrintable(again.error().message));
        QVERIFY(!log->finish(*id + 100, p, outcome(PlanOutcome::Result::Succeeded)));
    }

    void appendOnlyEvenThroughSql()
    {
        const QString file = newFile();
        {
            auto log = AuditLog::open(file);
            QVERIFY(log);
            append(*log, u"promote"_s, u"api"_s, u"qa"_s, {}, u"v1"_s, PlanOutcome::Result::Succeeded, start);
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString &sql : { u"UPDATE plans SET to_version = 'v9'"_s, u"DELETE FROM plans"_s,
                                        u"UPDATE outcomes SET result = 'succeeded'"_s, u"DELETE FROM outcomes"_s,
                                        u"DELETE FROM step_results"_s, u"UPDATE plan_steps SET kind = 'x'"_s }) {
                QVERIFY2(!q.exec(sql), qPrintable(sql));
                QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(u"raw"_s);
        auto log = AuditLog::open(file);
        QVERIFY(log);
        auto records = log->records();
        QVERIFY(records);
        QCOMPARE(records->size(), 1);
        QCOMPARE(records->front().to, u"v1"_s);
    }

    void queriesFilterNewestFirst()
    {
        auto log = AuditLog::open(newFile());
        QVERIFY(log);
        using R = PlanOutcome::Result;
        append(*log, u"promote"_s, u"api"_s, u"prod"_s, {}, u"v1"_s, R::Succeeded, start);
        append(*log, u"promote"_s, u"web"_s, u"prod"_s, {}, u"w1"_s, R::Succeeded, start.addSecs(60));
        append(*log, u"promote"_s, u"api"_s, u"prod"_s, u"v1"_s, u"v2"_s, R::Succeeded, start.addSecs(120));
        append(*log, u"promote"_s, u"api"_s, u"prod"_s, u"v2"_s, u"v3"_s, R::Failed, start.addSecs(180));
        append(*log, u"promote"_s, u"api"_s, u"staging"_s, u"v3"_s, u"v4"_s, R::Succeeded, start.addSecs(240));
        append(*log, u"promote"_s, u"api"_s, u"prod"_s, u"v2"_s, u"v3"_s, R::Succeeded, start.addSecs(300));
        append(*log, u"rollback"_s, u"api"_s, u"prod"_s, u"v3"_s, u"v2"_s, R::Succeeded, start.addSecs(360));
        append(*log, u"rollback"_s, u"api"_s, u"prod"_s, u"v2"_s, u"v1"_s, R::UndoFailed, start.addSecs(420));
        {
            const Plan refused = plan(u"rollback"_s, u"api"_s, u"prod"_s, u"v2"_s, u"v1"_s);
            QVERIFY(log->recordRefusal(workspace(), refused, alice(), { u"prod allows 3 rollbacks an hour."_s }, {},
                                       start.addSecs(480)));
        }

        auto all = log->records();
        QVERIFY(all);
        QCOMPARE(all->size(), 9);
        QCOMPARE(all->front().result, u"refused"_s);
        QCOMPARE(all->front().message, u"prod allows 3 rollbacks an hour."_s);
        QCOMPARE(all->back().to, u"v1"_s);

        AuditQuery query;
        query.artifact = u"api"_s;
        query.environment = u"prod"_s;
        query.action = u"promote"_s;
        auto promotions = log->records(query);
        QVERIFY(promotions);
        QCOMPARE(promotions->size(), 4);
        QCOMPARE(promotions->front().to, u"v3"_s);
        query.limit = 2;
        QCOMPARE(log->records(query)->size(), 2);
        query = {};
        query.environment = u"staging"_s;
        QCOMPARE(log->records(query)->size(), 1);

        // Rollback targets: what succeeded, newest first, each version once.
        auto previous = log->previousVersions(u"api"_s, u"prod"_s);
        QVERIFY(previous);
        QCOMPARE(*previous, (QStringList { u"v2"_s, u"v3"_s, u"v1"_s }));
        QCOMPARE(*log->previousVersions(u"web"_s, u"prod"_s), QStringList { u"w1"_s });
        QVERIFY(log->previousVersions(u"api"_s, u"dev"_s)->isEmpty());

        // Rollbacks that ran (any result) count; the refused one does not.
        auto rollbacks = log->rollbacksSince(u"prod"_s, start);
        QVERIFY(rollbacks);
        QCOMPARE(rollbacks->size(), 2);
        QCOMPARE(rollbacks->front(), start.addSecs(360));
        QCOMPARE(log->rollbacksSince(u"prod"_s, start.addSecs(400))->size(), 1);
        QCOMPARE(log->rollbacksSince(u"staging"_s, start)->size(), 0);

        auto last = log->lastPromotion(u"prod"_s);
        QVERIFY(last && *last);
        QCOMPARE(**last, start.addSecs(300));
        QVERIFY(!*log->lastPromotion(u"dev"_s));

        auto one = log->record(all->back().id);
        QVERIFY(one && *one);
        QCOMPARE((*one)->to, u"v1"_s);
        QVERIFY(!*log->record(12345));
    }

    void csvRoundTripsHostileText()
    {
        auto log = AuditLog::open(newFile());
        QVERIFY(log);
        const QString hostile = u"comma, \"quoted\" and\nnew line\r\nCRLF, =cmd|' /C calc'!A0; ünïcødé ✓ \t tab"_s;
        Plan p = plan(u"promote"_s, u"api"_s, u"prod"_s, u"v1"_s, u"v2"_s);
        p.warnings = { hostile };
        auto id = log->begin(workspace(), p, alice(), { hostile, u"second reason"_s }, start);
        QVERIFY(id);
        PlanOutcome o = outcome(PlanOutcome::Result::Failed);
        o.message = hostile;
        QVERIFY(log->finish(*id, p, o, start.addSecs(1)));
        append(*log, u"rollback"_s, u"api"_s, u"prod"_s, u"v2"_s, u"v1"_s, PlanOutcome::Result::Succeeded,
               start.addSecs(60));

        auto records = log->records();
        QVERIFY(records);
        const QList<QStringList> rows = parseCsv(rd::release::auditRecordsToCsv(*records));
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows.at(0);
        QCOMPARE(header.size(), 20);
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), header.size());
        const QStringList &older = rows.at(2);
        QCOMPARE(older.at(header.indexOf(u"message"_s)), hostile);
        QCOMPARE(older.at(header.indexOf(u"override_reasons"_s)), hostile + u"\nsecond reason"_s);
        QCOMPARE(older.at(header.indexOf(u"warnings"_s)), hostile);
        QCOMPARE(older.at(header.indexOf(u"result"_s)), u"failed"_s);
        QCOMPARE(older.at(header.indexOf(u"id"_s)), QString::number(*id));
        QCOMPARE(rows.at(1).at(header.indexOf(u"action"_s)), u"rollback"_s);
        QVERIFY(older.at(header.indexOf(u"steps"_s)).contains(u"[failed] ssh"_s));

        QCOMPARE(rd::release::csvField(u"plain"_s), u"plain"_s);
        QCOMPARE(rd::release::csvField(u"a\"b"_s), u"\"a\"\"b\""_s);
    }

    void jsonHasTheContractFields()
    {
        auto log = AuditLog::open(newFile());
        QVERIFY(log);
        append(*log, u"promote"_s, u"api"_s, u"qa"_s, {}, u"v1"_s, PlanOutcome::Result::Succeeded, start);
        const QJsonObject json = rd::release::auditRecordsToJson(*log->records());
        const QJsonArray records = json.value(u"records"_s).toArray();
        QCOMPARE(records.size(), 1);
        const QJsonObject r = records.at(0).toObject();
        for (const QString &key : { u"id"_s, u"time"_s, u"user"_s, u"action"_s, u"artifact"_s, u"environment"_s,
                                    u"from"_s, u"to"_s, u"result"_s })
            QVERIFY2(r.contains(key), qPrintable(key));
        QVERIFY(r.value(u"from"_s).isNull());
        QCOMPARE(r.value(u"to"_s).toString(), u"v1"_s);
        QCOMPARE(r.value(u"time"_s).toString(), u"2026-11-27T09:00:00.000Z"_s);
        QCOMPARE(r.value(u"user"_s).toString(), u"alice"_s);
        QCOMPARE(r.value(u"steps"_s).toArray().size(), 2);
        QCOMPARE(r.value(u"steps"_s).toArray().at(1).toObject().value(u"output"_s).toArray().size(), 2);
    }

    void oversizedOutputIsBounded()
    {
        auto log = AuditLog::open(newFile());
        QVERIFY(log);
        Plan p = plan(u"promote"_s, u"api"_s, u"qa"_s, {}, u"v1"_s);
        auto id = log->begin(workspace(), p, alice(), {}, start);
        QVERIFY(id);
        PlanOutcome o = outcome(PlanOutcome::Result::Succeeded);
        for (int i = 0; i < 5000; ++i)
            o.steps[1].output.append(QString(10'000, u'x'));
        QVERIFY(log->finish(*id, p, o));
        const AuditRecord r = log->records()->front();
        QCOMPARE(r.steps.at(1).output.size(), 2001);
        QVERIFY(r.steps.at(1).output.front().size() <= 4097);
        QVERIFY(r.steps.at(1).output.back().contains(u"left out"_s));
    }

    void damagedFileIsAClearError()
    {
        const QString file = newFile();
        QFile garbage(file);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'Z'));
        garbage.close();
        auto log = AuditLog::open(file);
        QVERIFY(!log);
        QVERIFY2(log.error().message.contains(u"damaged or not a ReleaseDeck audit database"_s),
                 qPrintable(log.error().message));
        QVERIFY(log.error().message.contains(file));

        // A folder where the file should be.
        const QString folder = m_dir.filePath(u"a-folder.sqlite"_s);
        QVERIFY(QDir().mkpath(folder));
        auto notAFile = AuditLog::open(folder);
        QVERIFY(!notAFile);
        QVERIFY2(notAFile.error().message.contains(u"not a regular file"_s), qPrintable(notAFile.error().message));
    }

    void unreadableFileIsAClearError()
    {
        if (::geteuid() == 0)
            QSKIP("running as root: file permissions do not stop root from reading");
        const QString file = newFile();
        { auto log = AuditLog::open(file); QVERIFY(log); }
        QVERIFY(QFile::setPermissions(file, QFileDevice::Permissions()));
        auto log = AuditLog::open(file);
        QVERIFY(!log);
        QVERIFY2(log.error().message.contains(u"permission denied"_s), qPrintable(log.error().message));
    }

    void lockedFileIsAClearError()
    {
        const QString file = newFile();
        auto log = AuditLog::open(file, 200ms);
        QVERIFY(log);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"holder"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(u"BEGIN EXCLUSIVE"_s), qPrintable(q.lastError().text()));
            const Plan p = plan(u"promote"_s, u"api"_s, u"qa"_s, {}, u"v1"_s);
            auto id = log->begin(workspace(), p, alice(), {}, start);
            QVERIFY(!id);
            QVERIFY2(id.error().message.contains(u"locked by another process"_s), qPrintable(id.error().message));
            QVERIFY(q.exec(u"ROLLBACK"_s));
            QVERIFY(log->begin(workspace(), p, alice(), {}, start));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"holder"_s);
    }

    void severalProcessesAppendAtOnce()
    {
        const QString file = newFile();
        { auto log = AuditLog::open(file); QVERIFY(log); }
        constexpr int processes = 4;
        constexpr int each = 25;
        QList<QProcess *> children;
        for (int i = 0; i < processes; ++i) {
            auto *child = new QProcess(this);
            child->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child->start(QCoreApplication::applicationFilePath(),
                         { u"--append"_s, file, QString::number(each), u"artifact-%1"_s.arg(i) });
            children.append(child);
        }
        for (QProcess *child : std::as_const(children)) {
            QVERIFY(child->waitForFinished(120'000));
            QCOMPARE(child->exitStatus(), QProcess::NormalExit);
            QCOMPARE(child->exitCode(), 0);
            delete child;
        }
        auto log = AuditLog::open(file);
        QVERIFY(log);
        AuditQuery query;
        query.limit = 1000;
        auto records = log->records(query);
        QVERIFY(records);
        QCOMPARE(records->size(), processes * each);
        QSet<qint64> ids;
        for (const AuditRecord &r : std::as_const(*records)) {
            QCOMPARE(r.result, u"succeeded"_s);
            QCOMPARE(r.steps.size(), 2);
            ids.insert(r.id);
        }
        QCOMPARE(ids.size(), processes * each);
        for (int i = 0; i < processes; ++i)
            QCOMPARE(log->previousVersions(u"artifact-%1"_s.arg(i), u"qa"_s, 1000)->size(), each);
    }

    void defaultPathPerWorkspace()
    {
        qunsetenv("RELEASEDECK_AUDIT_DB");
        rd::config::Workspace a = workspace();
        rd::config::Workspace b = workspace();
        b.file = u"/srv/other/releasedeck.yaml"_s;
        const QString pathA = AuditLog::defaultPath(a);
        QVERIFY(pathA.contains(u"/releasedeck/audit/hockey-"_s));
        QVERIFY(pathA.endsWith(u".sqlite"_s));
        QCOMPARE(AuditLog::defaultPath(a), pathA);
        QVERIFY(AuditLog::defaultPath(b) != pathA);
        rd::config::Workspace hostile = workspace();
        hostile.name = u"../../etc/passwd"_s;
        QVERIFY(!AuditLog::defaultPath(hostile).contains(u".."_s));
        qputenv("RELEASEDECK_AUDIT_DB", "/tmp/elsewhere.sqlite");
        QCOMPARE(AuditLog::defaultPath(a), u"/tmp/elsewhere.sqlite"_s);
        qunsetenv("RELEASEDECK_AUDIT_DB");
    }

    void actorReadsTheRepositoryIdentity()
    {
        QTemporaryDir dir;
        auto repo = rd::git::Repository::init(dir.path());
        QVERIFY(repo);
        QFile config(dir.filePath(u".git/config"_s));
        QVERIFY(config.open(QIODevice::Append));
        config.write("[user]\n\tname = Carol Tester\n\temail = carol@example.org\n");
        config.close();
        QDir().mkpath(dir.filePath(u"deploy/ws"_s));
        const rd::release::Actor actor = rd::release::Actor::current(dir.filePath(u"deploy/ws"_s));
        QCOMPARE(actor.gitName, u"Carol Tester"_s);
        QCOMPARE(actor.gitEmail, u"carol@example.org"_s);
        QVERIFY(!actor.osUser.isEmpty());
        QVERIFY(actor.display().contains(u"Carol Tester <carol@example.org>"_s));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 5 && args.at(1) == u"--append")
        return appendAsChild(args);
    TestAuditLog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_auditlog.moc"
