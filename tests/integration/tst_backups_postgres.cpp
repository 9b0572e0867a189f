// SPDX-License-Identifier: GPL-3.0-or-later
// Backups status over a folder of REAL pg_dump output: the test initialises a PostgreSQL
// cluster in a temporary folder (as the postgres user: the server refuses to run as root),
// starts it on a private socket, fills a table, dumps it with `pg_dump | gzip` into files with
// different modification times, stops the server by PID, and reads the folder through the
// same LocalHost + listing command the application uses.
#include "backups/backupjson.h"
#include "backups/backupstatus.h"
#include "config/workspaceloader.h"
#include "processrun.h"
#include "ssh/hostpool.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/wait.h>

using namespace Qt::StringLiterals;
using namespace rd;

namespace {

const QDateTime Now(QDate(2026, 11, 20), QTime(6, 0), QTimeZone::UTC);

QString postgresBin()
{
    QDirIterator it(u"/usr/lib/postgresql"_s, QDir::Dirs | QDir::NoDotAndDotDot);
    QString newest;
    while (it.hasNext()) {
        const QString dir = it.next() + u"/bin"_s;
        if (QFileInfo::exists(dir + u"/initdb"_s) && dir > newest)
            newest = dir;
    }
    return newest;
}

} // namespace

class TestBackupsPostgres : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_bin;
    QString m_socket;
    int m_port = 0;
    qint64 m_serverPid = 0;

    // Runs a shell command as the postgres user, in the temporary folder.
    test::ProcessRun asPostgres(const QString &command)
    {
        return test::runProcess(u"setpriv"_s, {u"--reuid=postgres"_s, u"--regid=postgres"_s, u"--clear-groups"_s,
                                               u"--"_s, u"sh"_s, u"-c"_s, command},
                                QProcessEnvironment::systemEnvironment(), m_dir.path(), 120'000);
    }

    QString psql(const QString &sql)
    {
        return u"%1/psql -X -q -v ON_ERROR_STOP=1 -h %2 -p %3 -d league -c \"%4\""_s.arg(m_bin, m_socket).arg(m_port).arg(sql);
    }

    void stopServer()
    {
        if (m_serverPid <= 0)
            return;
        ::kill(pid_t(m_serverPid), SIGINT);   // fast shutdown
        for (int i = 0; i < 300 && ::kill(pid_t(m_serverPid), 0) == 0; ++i)
            QThread::msleep(50);
        m_serverPid = 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = postgresBin();
        if (m_bin.isEmpty())
            QSKIP("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)");
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath(u"backups/prod"_s)));
        QVERIFY(QDir().mkpath(m_dir.filePath(u"socket"_s)));
        QCOMPARE(test::runProcess(u"chown"_s, {u"-R"_s, u"postgres:postgres"_s, m_dir.path()}).exitCode, 0);
        QVERIFY(QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFile::ExeOther | QFile::ReadOther));
        m_socket = m_dir.filePath(u"socket"_s);
        m_port = 20000 + int(QRandomGenerator::global()->bounded(30000));

        const auto init = asPostgres(u"%1/initdb -D cluster -A trust -U postgres --no-sync >initdb.log 2>&1"_s.arg(m_bin));
        QVERIFY2(init.exitCode == 0, qPrintable(init.describe()));
        // No TCP at all: the server listens only on a socket file in our folder.
        const auto start = asPostgres(u"%1/pg_ctl -D cluster -l server.log -w -t 60 -o \"-k %2 -p %3 -c listen_addresses=''\" start"_s
                                          .arg(m_bin, m_socket).arg(m_port));
        QVERIFY2(start.exitCode == 0, qPrintable(start.describe()));
        QFile pidFile(m_dir.filePath(u"cluster/postmaster.pid"_s));
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        m_serverPid = pidFile.readLine().trimmed().toLongLong();
        QVERIFY(m_serverPid > 0);
        const auto create = asPostgres(u"%1/createdb -h %2 -p %3 league"_s.arg(m_bin, m_socket).arg(m_port));
        QVERIFY2(create.exitCode == 0, qPrintable(create.describe()));
        const auto table = asPostgres(psql(u"CREATE TABLE games (id serial PRIMARY KEY, home text, away text, starts_at timestamptz)"_s));
        QVERIFY2(table.exitCode == 0, qPrintable(table.describe()));

        // Three nightly dumps of a growing table, then one taken after most rows were lost:
        // the kind of backup that must be flagged as suspiciously small.
        const QList<std::pair<int, int>> nights{{2000, 3}, {2500, 2}, {3000, 1}};
        int day = 17;
        for (const auto &[rows, daysAgo] : nights) {
            const auto insert = asPostgres(psql(u"INSERT INTO games (home, away, starts_at) SELECT 'Team ' || (g %% 12), 'Team ' || ((g * 5) %% 12), "
                                                 u"now() + g * interval '1 day' FROM generate_series(1, %1) g"_s.arg(rows).replace(u"%%"_s, u"%"_s)));
            QVERIFY2(insert.exitCode == 0, qPrintable(insert.describe()));
            const QString file = u"backups/prod/league_2026-11-%1.sql.gz"_s.arg(day++);
            const auto dump = asPostgres(u"%1/pg_dump -h %2 -p %3 league | gzip > %4"_s.arg(m_bin, m_socket).arg(m_port).arg(file));
            QVERIFY2(dump.exitCode == 0, qPrintable(dump.describe()));
            QFile touched(m_dir.filePath(file));
            QVERIFY(touched.open(QIODevice::ReadWrite));
            QVERIFY(touched.setFileTime(Now.addDays(-daysAgo), QFileDevice::FileModificationTime));
        }
        const auto truncate = asPostgres(psql(u"DELETE FROM games WHERE id > 100"_s));
        QVERIFY2(truncate.exitCode == 0, qPrintable(truncate.describe()));
        const QString small = u"backups/prod/league_2026-11-20.sql.gz"_s;
        const auto dump = asPostgres(u"%1/pg_dump -h %2 -p %3 league | gzip > %4"_s.arg(m_bin, m_socket).arg(m_port).arg(small));
        QVERIFY2(dump.exitCode == 0, qPrintable(dump.describe()));
        QFile touched(m_dir.filePath(small));
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(Now.addSecs(-2 * 3600), QFileDevice::FileModificationTime));
        stopServer();

        QFile yaml(m_dir.filePath(u"releasedeck.yaml"_s));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write("version: 1\nname: pg\nhosts:\n  here: {local: true}\nenvironments:\n  - name: prod\n"
                   "    backups: {host: here, path: backups/prod, pattern: \"league_*.sql.gz\", max_age: 26h, retention: 30d}\n");
    }

    void cleanupTestCase() { stopServer(); }

    void statusOfRealDumps()
    {
        auto workspace = config::loadWorkspace(m_dir.filePath(u"releasedeck.yaml"_s));
        QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
        ssh::HostPool pool(*workspace);
        const backups::BackupStatus status = backups::readBackupStatus(pool, workspace->environments.front(), Now);
        QVERIFY2(status.error.isEmpty(), qPrintable(status.error));
        QCOMPARE(status.count(), 4);

        qint64 total = 0;
        QList<qint64> sizes;
        for (const QString &name : {u"league_2026-11-20.sql.gz"_s, u"league_2026-11-19.sql.gz"_s, u"league_2026-11-18.sql.gz"_s, u"league_2026-11-17.sql.gz"_s}) {
            const QFileInfo info(m_dir.filePath(u"backups/prod/"_s + name));
            QVERIFY(info.size() > 0);
            sizes.append(info.size());
            total += info.size();
            // Every file really is a gzip'd pg_dump.
            const auto head = test::runProcess(u"sh"_s, {u"-c"_s, u"gzip -dc "_s + info.filePath() + u" | head -n 5"_s});
            QVERIFY2(head.out.contains(u"PostgreSQL database dump"), qPrintable(head.describe()));
        }
        QCOMPARE(status.newest->name, u"league_2026-11-20.sql.gz"_s);
        QCOMPARE(status.newest->size, sizes[0]);
        QCOMPARE(status.newest->time, Now.addSecs(-2 * 3600));
        QCOMPARE(status.ageSeconds, 2 * 3600);
        QCOMPARE(status.totalSize, total);
        QCOMPARE(status.files.at(1).size, sizes[1]);
        QVERIFY(sizes[1] > sizes[2] && sizes[2] > sizes[3]);   // the table grew night after night
        QVERIFY(!status.stale);
        QVERIFY2(status.small, qPrintable(u"%1 vs %2"_s.arg(sizes[0]).arg(sizes[1])));
        QCOMPARE(backups::toString(status.state), u"small"_s);
        QVERIFY(status.beyondRetention.isEmpty());

        const QJsonObject json = backups::toJson(status);
        QCOMPARE(json[u"name"_s].toString(), u"prod"_s);
        QCOMPARE(json[u"status"_s].toString(), u"small"_s);
        QCOMPARE(json[u"newest"_s][u"file"_s].toString(), u"league_2026-11-20.sql.gz"_s);
        QCOMPARE(json[u"newest"_s][u"time"_s].toString(), u"2026-11-20T04:00:00Z"_s);
        QCOMPARE(qint64(json[u"total_size"_s].toDouble()), total);

        // Two days later, with no new dump: stale as well.
        const backups::BackupStatus later = backups::readBackupStatus(pool, workspace->environments.front(), Now.addDays(2));
        QVERIFY(later.stale);
        QCOMPARE(backups::toString(later.state), u"stale"_s);
    }
};

QTEST_GUILESS_MAIN(TestBackupsPostgres)
#include "tst_backups_postgres.moc"
