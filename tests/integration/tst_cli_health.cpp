// SPDX-License-Identifier: GPL-3.0-or-later
// `releasedeck-cli health` as scripts run it, on the demo workspace: the JSON contract, exit
// codes, a broken deployed state, and --watch ending cleanly on SIGTERM and SIGINT.
#include "processrun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

using Run = rd::test::ProcessRun;

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"RELEASEDECK_WORKSPACE"_s);
    return environment;
}

Run run(const QStringList &arguments)
{
    return rd::test::runProcess(rd::test::binaryPath(u"releasedeck-cli"_s), arguments, cleanEnvironment());
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QJsonObject environmentNamed(const QJsonArray &environments, const QString &name)
{
    for (const QJsonValue &value : environments) {
        if (value.toObject().value(u"name"_s).toString() == name)
            return value.toObject();
    }
    return {};
}

} // namespace

class TestCliHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonOnTheDemoIsHealthy();
    void tableOnTheDemo();
    void brokenStateIsDownAndFails();
    void driftIsReported();
    void usageErrors();
    void watchEndsCleanlyOnSignals_data();
    void watchEndsCleanlyOnSignals();

private:
    QString makeDemo(const QString &name);

    QTemporaryDir m_dir;
    QString m_workspace;
};

QString TestCliHealth::makeDemo(const QString &name)
{
    const QString folder = m_dir.filePath(name);
    const Run r = run({u"demo"_s, u"create"_s, folder});
    if (!r.finished || r.exitCode != 0)
        return {};
    return QDir(folder).filePath(u"releasedeck.yaml"_s);
}

void TestCliHealth::initTestCase()
{
    QVERIFY2(QFileInfo(rd::test::binaryPath(u"releasedeck-cli"_s)).isExecutable(),
             qPrintable(rd::test::binaryPath(u"releasedeck-cli"_s) + u" is not built (RD_BIN_DIR)"_s));
    QVERIFY(m_dir.isValid());
    m_workspace = makeDemo(u"demo"_s);
    QVERIFY(!m_workspace.isEmpty());
}

void TestCliHealth::jsonOnTheDemoIsHealthy()
{
    const Run r = run({u"-w"_s, m_workspace, u"health"_s, u"--json"_s});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.err, QString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray environments = document.object().value(u"environments"_s).toArray();
    QStringList names;
    for (const QJsonValue &value : environments) {
        const QJsonObject environment = value.toObject();
        names.append(environment.value(u"name"_s).toString());
        QCOMPARE(environment.value(u"status"_s).toString(), u"healthy"_s);
        const QJsonArray checks = environment.value(u"checks"_s).toArray();
        QCOMPARE(checks.size(), 1);
        const QJsonObject check = checks.first().toObject();
        QCOMPARE(check.value(u"name"_s).toString(), u"deployed-state"_s);
        QCOMPARE(check.value(u"status"_s).toString(), u"healthy"_s);
        QVERIFY(check.value(u"latency_ms"_s).isDouble());
        QVERIFY(check.value(u"latency_ms"_s).toDouble() >= 0);
        QVERIFY(check.contains(u"error"_s));
        QVERIFY(check.value(u"error"_s).isNull());
        // Added field: drift per artifact.
        const QJsonArray drift = environment.value(u"drift"_s).toArray();
        QCOMPARE(drift.size(), 3);
        for (const QJsonValue &entry : drift) {
            const QJsonObject d = entry.toObject();
            for (const QString &key : {u"artifact"_s, u"desired"_s, u"live"_s, u"status"_s, u"error"_s})
                QVERIFY2(d.contains(key), qPrintable(key));
            QVERIFY(d.value(u"status"_s).toString() != u"drift"_s);
        }
    }
    QCOMPARE(names, (QStringList{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s}));
}

void TestCliHealth::tableOnTheDemo()
{
    const Run r = run({u"-w"_s, m_workspace, u"health"_s});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith(u"ENVIRONMENT"_s));
    for (const QString &environment : {u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s}) {
        bool found = false;
        for (const QString &line : lines)
            found = found || (line.startsWith(environment + u' ') && line.contains(u"healthy  deployed-state  healthy"_s));
        QVERIFY2(found, qPrintable(r.out));
    }
}

void TestCliHealth::brokenStateIsDownAndFails()
{
    const QString workspace = makeDemo(u"broken"_s);
    QVERIFY(!workspace.isEmpty());
    QVERIFY(writeFile(QFileInfo(workspace).absolutePath() + u"/state/qa/api.version"_s, QByteArray()));

    const Run r = run({u"-w"_s, workspace, u"health"_s, u"--json"_s});
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
    const QJsonArray environments = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"environments"_s).toArray();
    QCOMPARE(environments.size(), 4);
    const QJsonObject qa = environmentNamed(environments, u"qa"_s);
    QCOMPARE(qa.value(u"status"_s).toString(), u"down"_s);
    const QJsonObject check = qa.value(u"checks"_s).toArray().first().toObject();
    QCOMPARE(check.value(u"status"_s).toString(), u"down"_s);
    QCOMPARE(check.value(u"error"_s).toString(), u"the command 'test -s state/qa/api.version' exited with status 1."_s);
    QCOMPARE(environmentNamed(environments, u"dev"_s).value(u"status"_s).toString(), u"healthy"_s);

    const Run table = run({u"-w"_s, workspace, u"health"_s});
    QVERIFY2(table.finished && table.exitCode == 1, qPrintable(table.describe()));
    QVERIFY2(table.out.contains(u"error: qa / deployed-state: the command 'test -s state/qa/api.version' exited with status 1."_s),
             qPrintable(table.out));
}

void TestCliHealth::driftIsReported()
{
    const QString workspace = makeDemo(u"drift"_s);
    QVERIFY(!workspace.isEmpty());
    QVERIFY(writeFile(QFileInfo(workspace).absolutePath() + u"/state/staging/web.version"_s, "v2.3.0\n"));
    const Run r = run({u"-w"_s, workspace, u"health"_s, u"--json"_s});
    // Drift is reported, not a failed check: the exit code speaks of health only.
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray environments = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"environments"_s).toArray();
    const QJsonArray drift = environmentNamed(environments, u"staging"_s).value(u"drift"_s).toArray();
    bool found = false;
    for (const QJsonValue &value : drift) {
        const QJsonObject d = value.toObject();
        if (d.value(u"artifact"_s).toString() == u"web") {
            found = true;
            QCOMPARE(d.value(u"status"_s).toString(), u"drift"_s);
            QCOMPARE(d.value(u"desired"_s).toString(), u"v2.2.1"_s);
            QCOMPARE(d.value(u"live"_s).toString(), u"v2.3.0"_s);
        } else {
            QCOMPARE(d.value(u"status"_s).toString(), u"in-sync"_s);
        }
    }
    QVERIFY(found);
    const Run table = run({u"-w"_s, workspace, u"health"_s});
    QVERIFY2(table.out.contains(u"drift: web in staging: desired v2.2.1, live v2.3.0"_s), qPrintable(table.out));
}

void TestCliHealth::usageErrors()
{
    const Run unknown = run({u"-w"_s, m_workspace, u"health"_s, u"--bogus"_s});
    QVERIFY(unknown.finished);
    QCOMPARE(unknown.exitCode, 2);
    QCOMPARE(unknown.err, u"releasedeck-cli: health: unknown option '--bogus' (expected --json or --watch)\n"_s);
    const Run missing = run({u"-w"_s, m_dir.filePath(u"nowhere.yaml"_s), u"health"_s});
    QVERIFY(missing.finished);
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(!missing.err.isEmpty());
}

void TestCliHealth::watchEndsCleanlyOnSignals_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<bool>("json");
    QTest::newRow("SIGTERM") << int(SIGTERM) << false;
    QTest::newRow("SIGINT, JSON lines") << int(SIGINT) << true;
}

void TestCliHealth::watchEndsCleanlyOnSignals()
{
    QFETCH(int, signal);
    QFETCH(bool, json);
    QProcess process;
    process.setProcessEnvironment(cleanEnvironment());
    QStringList arguments{u"-w"_s, m_workspace, u"health"_s, u"--watch"_s};
    if (json)
        arguments.append(u"--json"_s);
    process.start(rd::test::binaryPath(u"releasedeck-cli"_s), arguments);
    QVERIFY(process.waitForStarted(30'000));
    // Four checks, four environments: eight transitions from unknown to healthy.
    QByteArray output;
    const bool transitions = QTest::qWaitFor([&] {
        output += process.readAllStandardOutput();
        return output.count("healthy") >= 8;
    }, 60'000);
    if (!transitions) {
        process.kill();
        process.waitForFinished(10'000);
        QFAIL(output.constData());
    }
    ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(30'000));
    output += process.readAllStandardOutput();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardError(), QByteArray());
    const QList<QByteArray> lines = output.trimmed().split('\n');
    if (json) {
        for (const QByteArray &line : lines) {
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            QVERIFY2(event.contains(u"environment"_s) && event.contains(u"from"_s) && event.contains(u"to"_s),
                     line.constData());
        }
        QVERIFY(lines.size() >= 8);
    } else {
        QVERIFY(lines.first().startsWith("Watching 4 checks"));
        QVERIFY2(output.contains("qa / deployed-state  unknown \xe2\x86\x92 healthy"), output.constData());
    }
}

QTEST_GUILESS_MAIN(TestCliHealth)
#include "tst_cli_health.moc"
