// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli history against the demo workspace and an audit log written here.
#include "config/workspace.h"
#include "processrun.h"
#include "release/auditlog.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::release::AuditLog;
using rd::release::Plan;
using rd::release::PlanOutcome;
using rd::release::StepRecord;

namespace {

class NamedStep final : public rd::release::Step
{
public:
    explicit NamedStep(QString kind) : m_kind(std::move(kind)) { }
    QString kind() const override { return m_kind; }
    QString description() const override { return u"Do the "_s + m_kind + u" step."_s; }
    rd::Result<void> run(rd::release::StepContext &) override { return {}; }

private:
    QString m_kind;
};

const QDateTime start = QDateTime(QDate(2026, 11, 27), QTime(9, 0), QTimeZone::UTC);

void append(AuditLog &log, const QString &action, const QString &artifact, const QString &env, const QString &from,
            const QString &to, PlanOutcome::Result result, const QDateTime &time)
{
    rd::config::Workspace workspace;
    workspace.name = u"demo"_s;
    Plan plan;
    plan.action = action;
    plan.artifact = artifact;
    plan.environment = env;
    plan.from = from;
    plan.to = to;
    plan.steps = { std::make_shared<NamedStep>(u"registry-retag"_s), std::make_shared<NamedStep>(u"ssh"_s) };
    PlanOutcome outcome;
    outcome.result = result;
    StepRecord first;
    first.outcome = StepRecord::Outcome::Succeeded;
    StepRecord second;
    second.outcome = result == PlanOutcome::Result::Succeeded ? StepRecord::Outcome::Succeeded : StepRecord::Outcome::Failed;
    second.error = result == PlanOutcome::Result::Succeeded ? QString() : u"exit code 1"_s;
    second.output = { u"line 1"_s, u"line 2"_s };
    outcome.steps = { first, second };
    const rd::release::Actor alice { u"alice"_s, u"laptop"_s, u"Alice"_s, u"alice@example.com"_s };
    auto id = log.begin(workspace, plan, alice, {}, time);
    QVERIFY(id);
    QVERIFY(log.finish(*id, plan, outcome, time.addSecs(5)));
}

} // namespace

class TestCliHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // releasedeck-cli history reads the log the workspace's $RELEASEDECK_AUDIT_DB names.
    void historyCommand()
    {
        QTemporaryDir dir;
        const QString cli = rd::test::binaryPath(u"releasedeck-cli"_s);
        const rd::test::ProcessRun created = rd::test::runProcess(cli, { u"demo"_s, u"create"_s, dir.filePath(u"demo"_s) });
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        const QString workspaceFile = dir.filePath(u"demo/releasedeck.yaml"_s);
        const QString file = dir.filePath(u"audit.sqlite"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"RELEASEDECK_AUDIT_DB"_s, file);
        auto run = [&](const QStringList &args) {
            return rd::test::runProcess(cli, QStringList { u"-w"_s, workspaceFile, u"history"_s } + args, env);
        };

        rd::test::ProcessRun empty = run({});
        QCOMPARE(empty.exitCode, 0);
        QVERIFY2(empty.out.contains(u"No promotions or rollbacks recorded yet"_s), qPrintable(empty.describe()));
        QVERIFY(!QFile::exists(file)); // reading creates nothing

        {
            auto log = AuditLog::open(file);
            QVERIFY(log);
            append(*log, u"promote"_s, u"api"_s, u"qa"_s, u"v1.5.0"_s, u"v1.5.1"_s, PlanOutcome::Result::Succeeded, start);
            append(*log, u"promote"_s, u"web"_s, u"prod"_s, {}, u"v2.0.0"_s, PlanOutcome::Result::Failed,
                   start.addSecs(60));
            append(*log, u"rollback"_s, u"api"_s, u"qa"_s, u"v1.5.1"_s, u"v1.5.0"_s, PlanOutcome::Result::Succeeded,
                   start.addSecs(120));
        }

        const rd::test::ProcessRun table = run({});
        QCOMPARE(table.exitCode, 0);
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(0).startsWith(u"ID"_s));
        QVERIFY2(lines.at(1).contains(u"rollback"_s) && lines.at(1).contains(u"v1.5.1 → v1.5.0"_s), qPrintable(table.out));

        const rd::test::ProcessRun json = run({ u"api"_s, u"--env"_s, u"qa"_s, u"--json"_s });
        QCOMPARE(json.exitCode, 0);
        const QJsonArray records = QJsonDocument::fromJson(json.out.toUtf8()).object().value(u"records"_s).toArray();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).toObject().value(u"action"_s).toString(), u"rollback"_s);
        QCOMPARE(records.at(1).toObject().value(u"to"_s).toString(), u"v1.5.1"_s);
        QCOMPARE(records.at(1).toObject().value(u"user"_s).toString(), u"alice"_s);

        const rd::test::ProcessRun csv = run({ u"--csv"_s, u"--action"_s, u"promote"_s });
        QCOMPARE(csv.exitCode, 0);
        QCOMPARE(csv.out.count(u"\r\n"_s), 3);

        const rd::test::ProcessRun detail = run({ u"--id"_s, u"2"_s });
        QCOMPARE(detail.exitCode, 0);
        QVERIFY2(detail.out.contains(u"exit code 1"_s) && detail.out.contains(u"| line 2"_s), qPrintable(detail.out));

        QCOMPARE(run({ u"--id"_s, u"99"_s }).exitCode, 1);
        QCOMPARE(run({ u"nope"_s }).exitCode, 2);
        QCOMPARE(run({ u"--env"_s, u"nowhere"_s }).exitCode, 2);
        QCOMPARE(run({ u"--limit"_s, u"0"_s }).exitCode, 2);
        QCOMPARE(run({ u"--json"_s, u"--csv"_s }).exitCode, 2);

        // A damaged log is an error that names it, exit 1.
        QFile::remove(file + u"-wal"_s);
        QFile::remove(file + u"-shm"_s);
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write(QByteArray(4096, '\x7f'));
        damaged.close();
        const rd::test::ProcessRun broken = run({});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(file), qPrintable(broken.describe()));
    }

};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_cli_history.moc"
