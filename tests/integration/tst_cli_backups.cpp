// SPDX-License-Identifier: GPL-3.0-or-later
// `releasedeck-cli backups|restart|logs|status` as scripts run them, on the demo workspace
// (its local host runs the commands): the JSON contract, exit codes, the typed confirmation
// of a protected restore, hostile file names, and the host actions' streamed output.
#include "processrun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

rd::test::ProcessRun cli(const QString &workspace, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"RELEASEDECK_WORKSPACE"_s);
    // The test's own audit log (restart is recorded), never the user's.
    environment.insert(u"RELEASEDECK_AUDIT_DB"_s, QFileInfo(workspace).dir().filePath(u"audit.sqlite"_s));
    return rd::test::runProcess(rd::test::binaryPath(u"releasedeck-cli"_s), QStringList{u"-w"_s, workspace} + arguments, environment,
                                {}, 60'000);
}

} // namespace

class TestCliBackups : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_root;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_root = m_dir.filePath(u"demo"_s);
        const auto created = rd::test::runProcess(rd::test::binaryPath(u"releasedeck-cli"_s), {u"demo"_s, u"create"_s, m_root});
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        m_workspace = m_root + u"/releasedeck.yaml"_s;
    }

    // The demo's dump files, oldest first (their names sort by time).
    QStringList dumps(const QString &environment) const
    {
        return QDir(m_root + u"/backups/"_s + environment).entryList({u"hockey_db_*.sql.gz"_s}, QDir::Files, QDir::Name);
    }

    void statusJson()
    {
        // The demo dates its dumps relative to its creation, the newest a few hours old: ok.
        const auto run = cli(m_workspace, {u"backups"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonArray environments = json[u"environments"_s].toArray();
        QCOMPARE(environments.size(), 2);
        for (const QJsonValue &value : environments) {
            const QJsonObject e = value.toObject();
            for (const QString &key : {u"name"_s, u"status"_s, u"newest"_s, u"count"_s, u"total_size"_s, u"error"_s})
                QVERIFY2(e.contains(key), qPrintable(key));
            QCOMPARE(e[u"status"_s].toString(), u"ok"_s);
            QCOMPARE(e[u"count"_s].toInt(), 7);
            const QString newest = dumps(e[u"name"_s].toString()).value(6);
            QVERIFY(newest.startsWith(u"hockey_db_"_s));
            QCOMPARE(e[u"newest"_s][u"file"_s].toString(), newest);
            QCOMPARE(qint64(e[u"newest"_s][u"size"_s].toDouble()),
                     QFileInfo(m_root + u"/backups/"_s + e[u"name"_s].toString() + u'/' + newest).size());
            QVERIFY(e[u"error"_s].isNull());
        }
    }

    void runAddsTheNewestBackup()
    {
        const auto backup = cli(m_workspace, {u"backups"_s, u"run"_s, u"staging"_s});
        QVERIFY2(backup.exitCode == 0, qPrintable(backup.describe()));
        QVERIFY(backup.out.contains(u"backed up staging"));
        const auto run = cli(m_workspace, {u"backups"_s, u"--json"_s});
        const QJsonArray environments = QJsonDocument::fromJson(run.out.toUtf8()).object()[u"environments"_s].toArray();
        QCOMPARE(environments.at(0)[u"name"_s].toString(), u"staging"_s);
        QCOMPARE(environments.at(0)[u"status"_s].toString(), u"ok"_s);
        QCOMPARE(environments.at(0)[u"count"_s].toInt(), 8);
        QCOMPARE(environments.at(0)[u"newest"_s][u"file"_s].toString(), dumps(u"staging"_s).value(7));
        QCOMPARE(environments.at(1)[u"status"_s].toString(), u"ok"_s);
        QCOMPARE(run.exitCode, 0);
    }

    void protectedRestore()
    {
        const QString file = dumps(u"prod"_s).value(4);   // the third newest
        QVERIFY(file.startsWith(u"hockey_db_"_s));
        const auto refused = cli(m_workspace, {u"backups"_s, u"restore"_s, u"prod"_s, file, u"--yes"_s});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY(refused.err.contains(u"protected"));
        const auto wrong = cli(m_workspace, {u"backups"_s, u"restore"_s, u"prod"_s, file, u"--yes"_s, u"--confirm"_s, u"staging"_s});
        QCOMPARE(wrong.exitCode, 3);
        QVERIFY(!QFile::exists(m_root + u"/state/prod/restored.sql"_s));
        const auto unconfirmedRun = cli(m_workspace, {u"backups"_s, u"restore"_s, u"prod"_s, file, u"--confirm"_s, u"prod"_s});
        QCOMPARE(unconfirmedRun.exitCode, 3);   // no --yes and no terminal: nothing runs
        QVERIFY(!QFile::exists(m_root + u"/state/prod/restored.sql"_s));
        const auto done = cli(m_workspace, {u"backups"_s, u"restore"_s, u"prod"_s, file, u"--yes"_s, u"--confirm"_s, u"prod"_s});
        QVERIFY2(done.exitCode == 0, qPrintable(done.describe()));
        QFile restored(m_root + u"/state/prod/restored.sql"_s);
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QVERIFY(restored.readAll().contains("prod database dump complete"));
    }

    void hostileFileNames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("command substitution") << u"hockey_db_$(touch pwned).sql.gz"_s;
        QTest::newRow("path") << u"../staging/hockey_db_2026-11-18_0300.sql.gz"_s;
        QTest::newRow("quote") << u"hockey_db_'; touch pwned; '.sql.gz"_s;
        QTest::newRow("newline") << u"hockey_db_a\nb.sql.gz"_s;
        QTest::newRow("not the pattern") << u"releasedeck.yaml"_s;
    }
    void hostileFileNames()
    {
        QFETCH(QString, file);
        const auto run = cli(m_workspace, {u"backups"_s, u"restore"_s, u"staging"_s, file, u"--yes"_s});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFile::exists(m_root + u"/pwned"_s));
        QVERIFY(!QFile::exists(m_root + u"/state/staging/restored.sql"_s));
    }

    void cleanDryRun()
    {
        const auto run = cli(m_workspace, {u"backups"_s, u"clean"_s, u"prod"_s, u"--dry-run"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(u"No backup of prod is older than the retention"));
        QCOMPARE(QDir(m_root + u"/backups/prod"_s).entryList(QDir::Files).size(), 7);
    }

    void hostActions()
    {
        const auto logs = cli(m_workspace, {u"logs"_s, u"api"_s, u"--env"_s, u"qa"_s, u"--lines"_s, u"3"_s});
        QVERIFY2(logs.exitCode == 0, qPrintable(logs.describe()));
        QCOMPARE(logs.out.trimmed().split(u'\n').size(), 3);
        const auto defaultLogs = cli(m_workspace, {u"logs"_s, u"api"_s, u"--env"_s, u"qa"_s});
        QCOMPARE(defaultLogs.out.trimmed().split(u'\n').size(), 100);
        const auto status = cli(m_workspace, {u"status"_s, u"api"_s, u"--env"_s, u"dev"_s});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out.trimmed(), u"api in dev: running v1.6.0"_s);
        const auto unconfirmed = cli(m_workspace, {u"restart"_s, u"api"_s, u"--env"_s, u"qa"_s});
        QCOMPARE(unconfirmed.exitCode, 3);
        QVERIFY(!QFile::exists(m_root + u"/state/qa/api.restarted"_s));
        const auto restart = cli(m_workspace, {u"restart"_s, u"api"_s, u"--env"_s, u"qa"_s, u"--yes"_s});
        QVERIFY2(restart.exitCode == 0, qPrintable(restart.describe()));
        QVERIFY(QFile::exists(m_root + u"/state/qa/api.restarted"_s));
        QVERIFY(restart.out.contains(u"restarted api in qa"));
        // A restart changed something on a host: the audit log holds it (logs and status only read).
        const auto history = cli(m_workspace, {u"history"_s, u"--json"_s});
        QVERIFY2(history.exitCode == 0, qPrintable(history.describe()));
        const QJsonArray records = QJsonDocument::fromJson(history.out.toUtf8()).object()[u"records"_s].toArray();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.at(0)[u"action"_s].toString(), u"restart"_s);
        QCOMPARE(records.at(0)[u"environment"_s].toString(), u"qa"_s);
        QCOMPARE(records.at(0)[u"result"_s].toString(), u"succeeded"_s);
    }

    void usageErrors()
    {
        QCOMPARE(cli(m_workspace, {u"logs"_s, u"api"_s}).exitCode, 2);
        QCOMPARE(cli(m_workspace, {u"logs"_s, u"api"_s, u"--env"_s, u"nowhere"_s}).exitCode, 2);
        QCOMPARE(cli(m_workspace, {u"logs"_s, u"api; reboot"_s, u"--env"_s, u"qa"_s}).exitCode, 2);
        QCOMPARE(cli(m_workspace, {u"logs"_s, u"api"_s, u"--env"_s, u"qa"_s, u"--lines"_s, u"0"_s}).exitCode, 2);
        QCOMPARE(cli(m_workspace, {u"backups"_s, u"run"_s, u"dev"_s}).exitCode, 2);   // dev has no backups
        QCOMPARE(cli(m_workspace, {u"backups"_s, u"restore"_s, u"prod"_s}).exitCode, 2);
        QCOMPARE(cli(m_workspace, {u"backups"_s, u"frobnicate"_s}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliBackups)
#include "tst_cli_backups.moc"
