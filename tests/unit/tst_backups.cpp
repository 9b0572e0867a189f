// SPDX-License-Identifier: GPL-3.0-or-later
// core/backups: the strict listing parser, the status verdicts, and the plans (back up now,
// restore, clean up), run for real on this machine through LocalHost over temporary folders.
// The "permission denied" case runs the listing as the `nobody` user (root ignores modes).
#include "backups/backupactions.h"
#include "backups/backupjson.h"
#include "backups/backuplisting.h"
#include "backups/backupstatus.h"
#include "config/workspaceloader.h"
#include "release/hostaction.h"
#include "ssh/hostpool.h"
#include "ssh/localhost.h"
#include "util/shellcommand.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace rd;
using backups::BackupStatus;

namespace {

const QDateTime Now(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::UTC);

config::Backups backupsAt(const QString &path, const QString &pattern = u"db_*.sql.gz"_s)
{
    config::Backups b;
    b.host = u"here"_s;
    b.path = path;
    b.pattern = pattern;
    b.maxAge = std::chrono::hours(26);
    b.retention = std::chrono::days(30);
    return b;
}

bool writeBackup(const QString &path, qint64 size, const QDateTime &time)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(size, 'x')) != size)
        return false;
    file.close();
    QFile touched(path);
    return touched.open(QIODevice::ReadWrite) && touched.setFileTime(time, QFileDevice::FileModificationTime);
}

} // namespace

class TestBackups : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<config::Workspace> m_workspace;

    QString folder(const QString &name) const { return m_dir.filePath(u"backups/"_s + name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFile::ExeOther | QFile::ReadOther);
        QFile yaml(m_dir.filePath(u"releasedeck.yaml"_s));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(R"(version: 1
name: backups-test
registries:
  demo: {url: "oci-layout:registry"}
hosts:
  here: {local: true}
artifacts:
  - {name: api, registry: demo, image: hockey/api}
environments:
  - name: staging
    backups:
      host: here
      path: backups/staging
      pattern: "db_*.sql.gz"
      max_age: 26h
      retention: 30d
      command: "printf 'dump of %s' {env} | gzip -n > backups/{env}/db_now.sql.gz"
      restore: "gzip -dc backups/{env}/{file} > restored-{env}.sql"
    restart: {local: {command: "echo restarting {artifact} in {env}"}}
    logs: {local: {command: "seq 1 1000 | tail -n {lines}"}}
    status: {ssh: {host: here, command: "echo {artifact} is fine in {env}"}}
  - name: prod
    protected: true
    backups:
      host: here
      path: backups/prod
      pattern: "db_*.sql.gz"
      restore: "gzip -dc backups/{env}/{file} > restored-{env}.sql"
)");
        yaml.close();
        auto loaded = config::loadWorkspace(yaml.fileName());
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().first().toString()));
        m_workspace = *loaded;
        QVERIFY(QDir().mkpath(folder(u"staging"_s)));
        QVERIFY(QDir().mkpath(folder(u"prod"_s)));
    }

    void parseValid()
    {
        const auto listing = backups::parseListing(
            {u"file 1763640000.1234567890 2048 db_a.sql.gz"_s, u"unsafe"_s, u"file 1763553600 4096 db_b c.sql.gz"_s, u"end"_s},
            u"db_*.sql.gz"_s);
        QVERIFY(listing);
        QCOMPARE(listing->folder, backups::Listing::Folder::Present);
        QCOMPARE(listing->files.size(), 2);
        QCOMPARE(listing->unsafeNames, 1);
        QCOMPARE(listing->files[0].name, u"db_a.sql.gz"_s);   // newest first
        QCOMPARE(listing->files[0].time, QDateTime::fromMSecsSinceEpoch(1763640000123LL, QTimeZone::UTC));
        QCOMPARE(listing->files[1].name, u"db_b c.sql.gz"_s);
        QCOMPARE(listing->files[1].size, 4096);
    }

    void parseMarkers()
    {
        QCOMPARE(backups::parseListing({u"missing"_s}, u"*"_s)->folder, backups::Listing::Folder::Missing);
        QCOMPARE(backups::parseListing({u"unreadable"_s}, u"*"_s)->folder, backups::Listing::Folder::Unreadable);
        const auto empty = backups::parseListing({u"end"_s}, u"*"_s);
        QVERIFY(empty);
        QVERIFY(empty->files.isEmpty());
    }

    void parseMalformed_data()
    {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList() << u"ended early"_s;
        QTest::newRow("no end marker") << QStringList{u"file 1 2 db_a.sql.gz"_s} << u"ended early"_s;
        QTest::newRow("garbage") << QStringList{u"total 12"_s, u"end"_s} << u"line 1"_s;
        QTest::newRow("negative size") << QStringList{u"file 1 -2 db_a.sql.gz"_s, u"end"_s} << u"malformed"_s;
        QTest::newRow("size not a number") << QStringList{u"file 1 2k db_a.sql.gz"_s, u"end"_s} << u"malformed"_s;
        QTest::newRow("no name") << QStringList{u"file 1 2 "_s, u"end"_s} << u"malformed"_s;
        QTest::newRow("huge size") << QStringList{u"file 1 99999999999999999999 db_a.sql.gz"_s, u"end"_s} << u"malformed"_s;
        QTest::newRow("time beyond 9999") << QStringList{u"file 999999999999 2 db_a.sql.gz"_s, u"end"_s} << u"impossible time"_s;
        QTest::newRow("slash in name") << QStringList{u"file 1 2 db_/../etc.sql.gz"_s, u"end"_s} << u"does not match"_s;
        QTest::newRow("not the pattern") << QStringList{u"file 1 2 passwd"_s, u"end"_s} << u"does not match"_s;
        QTest::newRow("control character") << QStringList{u"file 1 2 db_\x1b[2J.sql.gz"_s, u"end"_s} << u"does not match"_s;
        QTest::newRow("marker among files") << QStringList{u"missing"_s, u"end"_s} << u"malformed"_s;
        QTest::newRow("end twice") << QStringList{u"end"_s, u"end"_s} << u"malformed"_s;
    }
    void parseMalformed()
    {
        QFETCH(QStringList, lines);
        QFETCH(QString, message);
        const auto listing = backups::parseListing(lines, u"db_*.sql.gz"_s);
        QVERIFY(!listing);
        QVERIFY2(listing.error().message.contains(message), qPrintable(listing.error().message));
    }

    void parseTooMany()
    {
        QStringList lines;
        for (int i = 0; i < 4; ++i)
            lines.append(u"file %1 10 db_%1.sql.gz"_s.arg(1000 + i));
        lines.append(u"end"_s);
        QVERIFY(backups::parseListing(lines, u"db_*.sql.gz"_s, 4));
        const auto refused = backups::parseListing(lines, u"db_*.sql.gz"_s, 3);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"more than 3"));
    }

    void verdicts_data()
    {
        QTest::addColumn<QList<backups::BackupFile>>("files");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<int>("beyondRetention");
        const auto file = [](const char *name, qint64 size, qint64 hoursAgo) {
            return backups::BackupFile{QString::fromLatin1(name), Now.addSecs(-hoursAgo * 3600), size};
        };
        QTest::newRow("ok") << QList{file("db_3", 1000, 2), file("db_2", 990, 26), file("db_1", 980, 50)} << u"ok"_s << QStringList() << 0;
        QTest::newRow("stale") << QList{file("db_2", 1000, 27), file("db_1", 1000, 51)} << u"stale"_s << QStringList{u"stale"_s} << 0;
        QTest::newRow("small") << QList{file("db_2", 400, 1), file("db_1", 1000, 25)} << u"small"_s << QStringList{u"small"_s} << 0;
        QTest::newRow("half is not small") << QList{file("db_2", 500, 1), file("db_1", 1000, 25)} << u"ok"_s << QStringList() << 0;
        QTest::newRow("stale and small") << QList{file("db_2", 1, 30), file("db_1", 1000, 50)} << u"stale"_s << QStringList{u"stale"_s, u"small"_s} << 0;
        QTest::newRow("empty") << QList<backups::BackupFile>() << u"missing"_s << QStringList{u"missing"_s} << 0;
        QTest::newRow("beyond retention") << QList{file("db_3", 1000, 1), file("db_2", 1000, 24 * 31), file("db_1", 1000, 24 * 40)} << u"ok"_s << QStringList() << 2;
        // The only backup is 40 days old: stale, but never "beyond retention" (never deleted).
        QTest::newRow("newest is never beyond retention") << QList{file("db_2", 1000, 24 * 40), file("db_1", 1000, 24 * 41)} << u"stale"_s << QStringList{u"stale"_s} << 1;
    }
    void verdicts()
    {
        QFETCH(QList<backups::BackupFile>, files);
        QFETCH(QString, state);
        QFETCH(QStringList, flags);
        QFETCH(int, beyondRetention);
        backups::Listing listing;
        listing.files = files;
        const BackupStatus status = backups::evaluateBackups(u"staging"_s, backupsAt(u"x"_s), listing, Now);
        QCOMPARE(backups::toString(status.state), state);
        QCOMPARE(status.flags(), flags);
        QCOMPARE(status.beyondRetention.size(), beyondRetention);
        for (const backups::BackupFile &file : status.beyondRetention)
            QVERIFY(file != status.newest);
        QCOMPARE(status.count(), files.size());
        const QJsonObject json = backups::toJson(status);
        QCOMPARE(json[u"status"_s].toString(), state);
        QCOMPARE(json[u"count"_s].toInt(), files.size());
        QCOMPARE(json[u"newest"_s].isNull(), files.isEmpty());
        QCOMPARE(json[u"beyond_retention"_s].toArray().size(), beyondRetention);
    }

    void listRealFolder()
    {
        const QString dir = folder(u"staging"_s);
        QVERIFY(writeBackup(dir + u"/db_2026-11-18.sql.gz"_s, 5000, Now.addDays(-2)));
        QVERIFY(writeBackup(dir + u"/db_2026-11-19.sql.gz"_s, 5100, Now.addDays(-1)));
        QVERIFY(writeBackup(dir + u"/db_2026-11-20.sql.gz"_s, 5200, Now.addSecs(-3600)));
        QVERIFY(writeBackup(dir + u"/db_2026-09-01.sql.gz"_s, 4000, Now.addDays(-80)));
        QVERIFY(writeBackup(dir + u"/notes.txt"_s, 10, Now));                          // not the pattern
        QVERIFY(QDir(dir).mkdir(u"db_folder.sql.gz"_s));                              // not a file
        // Hostile names: quotes and $() are listed as the names they are; a newline would
        // forge a listing line, so that file is counted as unsafe and never printed.
        QVERIFY(writeBackup(dir + u"/db_it's \"$(reboot)\".sql.gz"_s, 7, Now.addDays(-3)));
        QVERIFY(writeBackup(dir + u"/db_x\nfile 1 1 db_forged.sql.gz"_s, 7, Now.addDays(-3)));

        ssh::HostPool pool(*m_workspace);
        const BackupStatus status = backups::readBackupStatus(pool, *m_workspace->environment(u"staging"), Now);
        QVERIFY2(status.error.isEmpty(), qPrintable(status.error));
        QCOMPARE(backups::toString(status.state), u"ok"_s);
        QCOMPARE(status.count(), 5);
        QCOMPARE(status.unsafeNames, 1);
        QCOMPARE(status.newest->name, u"db_2026-11-20.sql.gz"_s);
        QCOMPARE(status.newest->size, 5200);
        QCOMPARE(status.newest->time, Now.addSecs(-3600));
        QCOMPARE(status.ageSeconds, 3600);
        QCOMPARE(status.totalSize, 5000 + 5100 + 5200 + 4000 + 7);
        QCOMPARE(status.beyondRetention.size(), 1);
        QCOMPARE(status.beyondRetention.front().name, u"db_2026-09-01.sql.gz"_s);
        QVERIFY(std::any_of(status.files.begin(), status.files.end(), [](const backups::BackupFile &f) {
            return f.name == u"db_it's \"$(reboot)\".sql.gz";
        }));
    }

    void restoreHostileNameQuoted()
    {
        // A real (hostile) file name from the listing goes through {file} as one word.
        ssh::HostPool pool(*m_workspace);
        const BackupStatus status = backups::readBackupStatus(pool, *m_workspace->environment(u"staging"), Now);
        QFile gz(folder(u"staging"_s) + u"/db_it's \"$(reboot)\".sql.gz"_s);
        QVERIFY(gz.open(QIODevice::WriteOnly));
        QProcess gzip;
        gzip.start(u"gzip"_s, {u"-c"_s});
        gzip.waitForStarted();
        gzip.write("restored data\n");
        gzip.closeWriteChannel();
        QVERIFY(gzip.waitForFinished());
        gz.write(gzip.readAllStandardOutput());
        gz.close();
        auto plan = backups::restorePlan(*m_workspace, pool, u"staging"_s, u"db_it's \"$(reboot)\".sql.gz"_s, {}, &status);
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        QVERIFY(release::runPlan(*plan, {}).succeeded());
        QFile restored(m_dir.filePath(u"restored-staging.sql"_s));
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QCOMPARE(restored.readAll(), QByteArray("restored data\n"));
    }

    void emptyAndMissingFolder()
    {
        ssh::HostPool pool(*m_workspace);
        const BackupStatus empty = backups::readBackupStatus(pool, *m_workspace->environment(u"prod"), Now);
        QCOMPARE(backups::toString(empty.state), u"missing"_s);
        QVERIFY(empty.missing);
        QCOMPARE(empty.count(), 0);
        QVERIFY(!empty.newest);

        ssh::LocalHost host(m_dir.path());
        const auto missing = backups::readListing(host, backupsAt(u"no/such/folder"_s));
        QVERIFY(missing);
        QCOMPARE(missing->folder, backups::Listing::Folder::Missing);
        const BackupStatus status = backups::evaluateBackups(u"x"_s, backupsAt(u"no/such/folder"_s), missing, Now);
        QCOMPARE(backups::toString(status.state), u"missing"_s);
        QVERIFY(status.error.contains(u"does not exist"));
    }

    void unreadableFolder()
    {
        // Root reads any folder, so the listing runs as `nobody` through setpriv: the real
        // permission check of a real shell, not a simulated output.
        const QString locked = m_dir.filePath(u"locked"_s);
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(writeBackup(locked + u"/db_1.sql.gz"_s, 10, Now));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
        ssh::LocalHost host(m_dir.path());
        const QString command = u"setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c "_s
                                + shellQuote(backups::listingCommand(backupsAt(locked)));
        ssh::ExecOptions options;
        QStringList lines;
        options.onLine = [&](const ssh::OutputLine &line) {
            if (line.stream == ssh::OutputLine::Stream::Stdout)
                lines.append(line.text);
        };
        auto result = host.run(command, options);
        QVERIFY(result);
        QVERIFY2(result->succeeded(), qPrintable(result->tailText()));
        const auto listing = backups::parseListing(lines, u"db_*.sql.gz"_s);
        QVERIFY(listing);
        QCOMPARE(listing->folder, backups::Listing::Folder::Unreadable);
        const BackupStatus status = backups::evaluateBackups(u"x"_s, backupsAt(locked), listing, Now);
        QCOMPARE(backups::toString(status.state), u"error"_s);
        QVERIFY(status.error.contains(u"permission denied"));
        QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

        // A folder that can be entered but not listed (x without r): find itself fails.
        const QString blind = m_dir.filePath(u"blind"_s);
        QVERIFY(QDir().mkpath(blind));
        QVERIFY(QFile::setPermissions(blind, QFileDevice::ExeOwner | QFileDevice::ExeOther | QFileDevice::ExeGroup));
        lines.clear();
        result = host.run(u"setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c "_s
                              + shellQuote(backups::listingCommand(backupsAt(blind))), options);
        QVERIFY(result);
        const auto blindListing = backups::parseListing(lines, u"db_*.sql.gz"_s);
        QVERIFY(blindListing);   // [ -r . ] fails first: reported as unreadable
        QCOMPARE(blindListing->folder, backups::Listing::Folder::Unreadable);
    }

    void failedCommandIsAnError()
    {
        // A host whose `find` fails (here: a pattern that GNU find rejects is impossible, so a
        // broken PATH stands in): the error quotes the command's own stderr.
        ssh::LocalHost host(m_dir.path());
        config::Backups b = backupsAt(folder(u"staging"_s));
        ssh::ExecOptions options;
        auto result = host.run(u"PATH=/nonexistent; "_s + backups::listingCommand(b), options);
        QVERIFY(result);
        QVERIFY(!result->succeeded());
    }

    void restoreRefusals()
    {
        ssh::HostPool pool(*m_workspace);
        BackupStatus prodStatus;
        prodStatus.environment = u"prod"_s;
        prodStatus.state = BackupStatus::State::Ok;
        prodStatus.files = {{u"db_1.sql.gz"_s, Now, 10}};
        // Protected: no confirmation, or the wrong one, is refused with the refusal code.
        for (const QString &confirmation : {QString(), u"staging"_s, u"PROD"_s}) {
            auto plan = backups::restorePlan(*m_workspace, pool, u"prod"_s, u"db_1.sql.gz"_s, confirmation, &prodStatus);
            QVERIFY(!plan);
            QCOMPARE(plan.error().code, backups::RefusedUnconfirmed);
            QVERIFY(plan.error().message.contains(u"protected"));
        }
        auto confirmed = backups::restorePlan(*m_workspace, pool, u"prod"_s, u"db_1.sql.gz"_s, u"prod"_s, &prodStatus);
        QVERIFY2(confirmed, confirmed ? "" : qPrintable(confirmed.error().message));
        QCOMPARE(confirmed->steps.size(), 1);
        QVERIFY(confirmed->steps.front()->description().contains(u"'db_1.sql.gz'"));
        QVERIFY(!confirmed->warnings.isEmpty());

        // Names that are not backups of this folder never reach the command.
        for (const QString &file : {u"$(rm -rf /)"_s, u"../db_1.sql.gz"_s, u"db_/x.sql.gz"_s, u"db_a\nb.sql.gz"_s, u"db_2.sql.gz"_s, QString()}) {
            auto plan = backups::restorePlan(*m_workspace, pool, u"prod"_s, file, u"prod"_s, &prodStatus);
            QVERIFY2(!plan, qPrintable(file));
            QVERIFY(plan.error().code != backups::RefusedUnconfirmed);
        }
    }

    void backUpNow()
    {
        ssh::HostPool pool(*m_workspace);
        auto plan = backups::backupNowPlan(*m_workspace, pool, u"staging"_s);
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        QCOMPARE(plan->steps.front()->kind(), u"backup-run"_s);
        QVERIFY(release::runPlan(*plan, {}).succeeded());
        QVERIFY(QFile::exists(folder(u"staging"_s) + u"/db_now.sql.gz"_s));
        QFile::remove(folder(u"staging"_s) + u"/db_now.sql.gz"_s);
        QVERIFY(!backups::backupNowPlan(*m_workspace, pool, u"prod"_s));   // no command configured
    }

    void cleanUp()
    {
        const QString dir = folder(u"prod"_s);
        // The newest is 40 days old: beyond retention, yet it must stay.
        QVERIFY(writeBackup(dir + u"/db_3.sql.gz"_s, 30, Now.addDays(-40)));
        QVERIFY(writeBackup(dir + u"/db_2.sql.gz"_s, 20, Now.addDays(-50)));
        QVERIFY(writeBackup(dir + u"/db_-rf .sql.gz"_s, 10, Now.addDays(-60)));
        ssh::HostPool pool(*m_workspace);
        const BackupStatus status = backups::readBackupStatus(pool, *m_workspace->environment(u"prod"), Now);
        QCOMPARE(status.beyondRetention.size(), 2);
        auto plan = backups::cleanPlan(*m_workspace, pool, status);
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        QCOMPARE(plan->steps.size(), 1);
        const QString description = plan->steps.front()->description();
        QVERIFY2(description.contains(u"db_2.sql.gz") && description.contains(u"db_-rf .sql.gz") && !description.contains(u"db_3"),
                 qPrintable(description));
        QVERIFY(release::runPlan(*plan, {}).succeeded());
        QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{u"db_3.sql.gz"_s});

        const BackupStatus after = backups::readBackupStatus(pool, *m_workspace->environment(u"prod"), Now);
        auto nothing = backups::cleanPlan(*m_workspace, pool, after);
        QVERIFY(nothing);
        QVERIFY(nothing->steps.isEmpty());
    }

    void deleteCommandsAreChunked()
    {
        QList<backups::BackupFile> files;
        for (int i = 0; i < 5000; ++i)
            files.append({u"db_%1_with_a_rather_long_name_to_fill_the_command_line.sql.gz"_s.arg(i), Now, 1});
        const QStringList commands = backups::deleteCommands(u"/srv/backups"_s, files);
        QVERIFY(commands.size() > 1);
        qsizetype words = 0;
        for (const QString &command : commands) {
            QVERIFY(command.size() <= 64 * 1024 + 200);
            QVERIFY(command.startsWith(u"cd -- '/srv/backups' && rm -f --"));
            words += command.count(u" ./'"_s);
        }
        QCOMPARE(words, files.size());
    }

    void hostActions()
    {
        ssh::HostPool pool(*m_workspace);
        QStringList output;
        const auto collect = [&](const release::StepEvent &event) {
            if (event.kind == release::StepEvent::Kind::Output)
                output.append(event.text);
        };
        auto restart = release::hostActionPlan(*m_workspace, pool, release::HostAction::Restart, {u"api"_s, u"staging"_s, {}, {}});
        QVERIFY2(restart, restart ? "" : qPrintable(restart.error().message));
        QVERIFY(release::runPlan(*restart, collect).succeeded());
        QCOMPARE(output, QStringList{u"restarting api in staging"_s});

        output.clear();
        auto logs = release::hostActionPlan(*m_workspace, pool, release::HostAction::Logs, {u"api"_s, u"staging"_s, {}, {}}, 3);
        QVERIFY(logs);
        QVERIFY(release::runPlan(*logs, collect).succeeded());
        QCOMPARE(output, (QStringList{u"998"_s, u"999"_s, u"1000"_s}));

        output.clear();
        auto status = release::hostActionPlan(*m_workspace, pool, release::HostAction::Status, {u"api"_s, u"staging"_s, {}, {}});
        QVERIFY(status);
        QVERIFY(release::runPlan(*status, collect).succeeded());
        QCOMPARE(output, QStringList{u"api is fine in staging"_s});

        // Refusals: unknown artifact (a hostile value), no such command, bad line count.
        QVERIFY(!release::hostActionPlan(*m_workspace, pool, release::HostAction::Restart, {u"api; reboot"_s, u"staging"_s, {}, {}}));
        QVERIFY(!release::hostActionPlan(*m_workspace, pool, release::HostAction::Restart, {u"api"_s, u"prod"_s, {}, {}}));
        QVERIFY(!release::hostActionPlan(*m_workspace, pool, release::HostAction::Logs, {u"api"_s, u"staging"_s, {}, {}}, 0));
        QVERIFY(!release::hostActionPlan(*m_workspace, pool, release::HostAction::Restart, {u"api"_s, u"staging"_s, u"$(reboot)"_s, {}}));
    }

    void configRefusesUnknownPlaceholders()
    {
        QTemporaryDir dir;
        QFile yaml(dir.filePath(u"releasedeck.yaml"_s));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(R"(version: 1
name: t
hosts:
  here: {local: true}
environments:
  - name: dev
    restart: {local: {command: "restart {artefact}"}}
    backups: {host: here, path: b, restore: "restore latest"}
)");
        yaml.close();
        auto loaded = config::loadWorkspace(yaml.fileName());
        QVERIFY(!loaded);
        QString all;
        for (const Error &e : loaded.error())
            all += e.toString() + u'\n';
        QVERIFY2(all.contains(u"{artefact}"), qPrintable(all));
        QVERIFY2(all.contains(u"must use {file}"), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestBackups)
#include "tst_backups.moc"
