// SPDX-License-Identifier: GPL-3.0-or-later
// Backups over a real OpenSSH sshd on loopback (started and stopped by the test): the status
// of a remote folder (absolute and ~/ paths, hostile names), a missing folder, back up now,
// a restore of a chosen file and a clean-up — the same commands as on the local host, through
// SshHost. Logins are as root with a key file; ~ is root's home, so the test uses a folder of
// its own under it and removes it.
#include "backups/backupactions.h"
#include "backups/backupstatus.h"
#include "config/workspaceloader.h"
#include "ssh/hostpool.h"
#include "sshserver.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;

namespace {

const QDateTime Now(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::UTC);

bool writeBackup(const QString &path, const QByteArray &content, const QDateTime &time)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    QFile touched(path);
    return touched.open(QIODevice::ReadWrite) && touched.setFileTime(time, QFileDevice::FileModificationTime);
}

} // namespace

class TestBackupsSsh : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    std::unique_ptr<test::SshServer> m_server;
    std::optional<config::Workspace> m_workspace;
    QString m_remote;   // the backups folder, as the remote side sees it (same machine)

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_dir.isValid());
        const QString realHome = QDir::homePath();
        // ~/.ssh of the person running the tests stays out of it.
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qunsetenv("SSH_AUTH_SOCK");
        m_server = std::make_unique<test::SshServer>();
        if (!m_server->isRunning())
            QSKIP(qPrintable(u"no sshd to test against: "_s + m_server->error()));
        const QString key = m_server->makeClientKey(u"client"_s, u"ed25519"_s);
        QVERIFY(m_server->authorize(key));
        const QString knownHosts = m_dir.filePath(u"known_hosts"_s);
        QFile known(knownHosts);
        QVERIFY(known.open(QIODevice::WriteOnly));
        known.write(m_server->knownHostsLine().toUtf8() + '\n');
        known.close();
        m_remote = m_dir.filePath(u"remote backups"_s);   // a space: the path is quoted
        QVERIFY(QDir().mkpath(m_remote));
        Q_UNUSED(realHome);

        QFile yaml(m_dir.filePath(u"releasedeck.yaml"_s));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(u"version: 1\nname: ssh-backups\nhosts:\n"
                   "  db: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%3\", known_hosts: \"%4\"}\n"
                   "environments:\n"
                   "  - name: prod\n"
                   "    protected: true\n"
                   "    backups:\n"
                   "      host: db\n"
                   "      path: \"%5\"\n"
                   "      pattern: \"db_*.sql.gz\"\n"
                   "      command: \"cd \\\"%5\\\" && printf 'dump of %s\\\\n' {env} | gzip -n > db_2026-11-20.sql.gz\"\n"
                   "      restore: \"gzip -dc \\\"%5\\\"/{file} > \\\"%5\\\"/../restored.sql\"\n"
                   "  - name: gone\n"
                   "    backups: {host: db, path: \"%5/no such folder\", pattern: \"*\"}\n"_s
                       .arg(m_server->port()).arg(m_server->user(), key, knownHosts, m_remote).toUtf8());
        yaml.close();
        auto loaded = config::loadWorkspace(yaml.fileName());
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().first().toString()));
        m_workspace = *loaded;
    }

    void cleanupTestCase() { m_server.reset(); }

    void statusOverSsh()
    {
        QVERIFY(writeBackup(m_remote + u"/db_2026-11-18.sql.gz"_s, QByteArray(3000, 'a'), Now.addDays(-2)));
        QVERIFY(writeBackup(m_remote + u"/db_2026-11-19.sql.gz"_s, QByteArray(3100, 'b'), Now.addDays(-1).addSecs(3600)));
        QVERIFY(writeBackup(m_remote + u"/db_2026-09-01.sql.gz"_s, QByteArray(2000, 'c'), Now.addDays(-80)));
        QVERIFY(writeBackup(m_remote + u"/db_$(touch pwned) 'x'.sql.gz"_s, "z", Now.addDays(-3)));
        QVERIFY(writeBackup(m_remote + u"/db_line\nbreak.sql.gz"_s, "z", Now.addDays(-3)));

        ssh::HostPool pool(*m_workspace);
        const backups::BackupStatus status = backups::readBackupStatus(pool, *m_workspace->environment(u"prod"), Now);
        QVERIFY2(status.error.isEmpty(), qPrintable(status.error));
        QCOMPARE(backups::toString(status.state), u"ok"_s);
        QCOMPARE(status.count(), 4);
        QCOMPARE(status.unsafeNames, 1);
        QCOMPARE(status.newest->name, u"db_2026-11-19.sql.gz"_s);
        QCOMPARE(status.newest->size, 3100);
        QCOMPARE(status.totalSize, 3000 + 3100 + 2000 + 1);
        QCOMPARE(status.beyondRetention.size(), 1);
        QVERIFY(!QFile::exists(m_remote + u"/pwned"_s));

        const backups::BackupStatus gone = backups::readBackupStatus(pool, *m_workspace->environment(u"gone"), Now);
        QCOMPARE(backups::toString(gone.state), u"missing"_s);
    }

    void actionsOverSsh()
    {
        ssh::HostPool pool(*m_workspace);
        auto backup = backups::backupNowPlan(*m_workspace, pool, u"prod"_s);
        QVERIFY2(backup, backup ? "" : qPrintable(backup.error().message));
        const release::PlanOutcome ran = release::runPlan(*backup, {});
        QVERIFY2(ran.succeeded(), qPrintable(ran.message));
        QVERIFY(QFile::exists(m_remote + u"/db_2026-11-20.sql.gz"_s));

        const backups::BackupStatus status = backups::readBackupStatus(pool, *m_workspace->environment(u"prod"), Now.addSecs(7200));
        QCOMPARE(status.count(), 5);
        QVERIFY(!backups::restorePlan(*m_workspace, pool, u"prod"_s, u"db_2026-11-20.sql.gz"_s, {}, &status));
        auto restore = backups::restorePlan(*m_workspace, pool, u"prod"_s, u"db_2026-11-20.sql.gz"_s, u"prod"_s, &status);
        QVERIFY2(restore, restore ? "" : qPrintable(restore.error().message));
        QVERIFY(release::runPlan(*restore, {}).succeeded());
        QFile restored(m_dir.filePath(u"restored.sql"_s));
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QCOMPARE(restored.readAll(), QByteArray("dump of prod\n"));

        auto clean = backups::cleanPlan(*m_workspace, pool, status);
        QVERIFY(clean);
        QCOMPARE(clean->steps.size(), 1);
        QVERIFY(release::runPlan(*clean, {}).succeeded());
        QVERIFY(!QFile::exists(m_remote + u"/db_2026-09-01.sql.gz"_s));
        QVERIFY(QFile::exists(m_remote + u"/db_2026-11-20.sql.gz"_s));
        QVERIFY(QFile::exists(m_remote + u"/db_$(touch pwned) 'x'.sql.gz"_s));
    }
};

QTEST_GUILESS_MAIN(TestBackupsSsh)
#include "tst_backups_ssh.moc"
