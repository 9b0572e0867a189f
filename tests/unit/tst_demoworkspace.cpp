// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in demo workspace: valid, complete, and the same bytes every time it is created.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "git/repository.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;

namespace {

const QStringList Environments{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s};

// Every file under `root`/`sub` (recursively, hidden ones too), relative path → bytes.
QMap<QString, QByteArray> snapshot(const QString &root, const QString &sub, const QStringList &skip = {})
{
    QMap<QString, QByteArray> files;
    const QDir base(root);
    QDirIterator it(base.filePath(sub), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = base.relativeFilePath(path);
        if (std::any_of(skip.begin(), skip.end(), [&](const QString &prefix) { return relative.startsWith(prefix); }))
            continue;
        QFile file(path);
        files.insert(relative, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>"));
    }
    return files;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDemoWorkspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_a.isValid() && m_b.isValid());
        QElapsedTimer timer;
        timer.start();
        // One demo in a folder that does not exist yet, one in an existing empty folder.
        // Both at the same `now`: the backups' names and times derive from it.
        m_now = QDateTime::currentDateTimeUtc();
        auto a = demo::createDemoWorkspace(m_a.filePath(u"nested/hockey"_s), m_now);
        const qint64 first = timer.restart();
        QVERIFY2(a, qPrintable(a ? QString() : a.error().toString()));
        auto b = demo::createDemoWorkspace(m_b.path(), m_now);
        const qint64 second = timer.elapsed();
        QVERIFY2(b, qPrintable(b ? QString() : b.error().toString()));
        qDebug("demo workspace created in %lld ms and %lld ms", first, second);
        m_fileA = *a;
        m_fileB = *b;
        m_dirA = QFileInfo(m_fileA).absolutePath();
        m_dirB = QFileInfo(m_fileB).absolutePath();
    }

    void returnsTheWorkspaceFile()
    {
        QCOMPARE(m_fileA, QDir(m_a.filePath(u"nested/hockey"_s)).absoluteFilePath(u"releasedeck.yaml"_s));
        QCOMPARE(m_fileB, QDir(m_b.path()).absoluteFilePath(u"releasedeck.yaml"_s));
        QVERIFY(QFileInfo(m_fileA).isFile());
        for (const QString &folder : {u"repo/.git"_s, u"registry/hockey/api"_s, u"registry/hockey/web"_s,
                                      u"registry/hockey/worker"_s, u"state"_s, u"backups/staging"_s, u"backups/prod"_s})
            QVERIFY2(QFileInfo(QDir(m_dirA).filePath(folder)).isDir(), qPrintable(folder));
    }

    void validates()
    {
        auto workspace = config::loadWorkspace(m_fileA);
        if (!workspace) {
            QStringList problems;
            for (const Error &error : workspace.error())
                problems.append(error.toString());
            QFAIL(qPrintable(problems.join(u'\n')));
        }
        QCOMPARE(workspace->name, u"hockey-demo"_s);
        QCOMPARE(workspace->file, m_fileA);
        QStringList artifacts;
        for (const config::Artifact &artifact : workspace->artifacts) {
            artifacts.append(artifact.name);
            QCOMPARE(artifact.image, u"hockey/"_s + artifact.name);
            QCOMPARE(artifact.registry, u"demo"_s);
            QCOMPARE(artifact.repository, u"hockey"_s);
            QCOMPARE(artifact.path, u"services/"_s + artifact.name);
        }
        QCOMPARE(artifacts, (QStringList{u"api"_s, u"web"_s, u"worker"_s}));
        QStringList environments;
        for (const config::Environment &environment : workspace->environments) {
            environments.append(environment.name);
            QCOMPARE(environment.tag, environment.name);
            QCOMPARE(environment.branch, u"env/"_s + environment.name);
            QCOMPARE(environment.isProtected, environment.name == u"prod");
            QCOMPARE(environment.deploy.size(), 1);
            QVERIFY(environment.versionProbe.has_value());
            QCOMPARE(environment.backups.has_value(), environment.name == u"staging" || environment.name == u"prod");
        }
        QCOMPARE(environments, Environments);
        QCOMPARE(workspace->registries.size(), 1);
        QVERIFY(workspace->registries.first().isOciLayout());
        QCOMPARE(workspace->resolvePath(workspace->registries.first().ociLayoutDir()), QDir(m_dirA).filePath(u"registry"_s));
        QCOMPARE(workspace->hosts.size(), 1);
        QVERIFY(workspace->hosts.first().local);
    }

    void deterministicFiles_data()
    {
        QTest::addColumn<QString>("sub");
        QTest::addColumn<int>("minimumFiles");
        QTest::newRow("releasedeck.yaml") << u"releasedeck.yaml"_s << 1;
        QTest::newRow("registry") << u"registry"_s << 3 * 2 + 11 * 3; // oci-layout, index.json; 11 releases of 3 blobs
        QTest::newRow("state") << u"state"_s << 11;
        QTest::newRow("backups") << u"backups"_s << 14;
        QTest::newRow("repository working tree") << u"repo"_s << 10;
    }
    void deterministicFiles()
    {
        QFETCH(QString, sub);
        QFETCH(int, minimumFiles);
        QMap<QString, QByteArray> a;
        QMap<QString, QByteArray> b;
        if (QFileInfo(QDir(m_dirA).filePath(sub)).isFile()) {
            a.insert(sub, readFile(QDir(m_dirA).filePath(sub)));
            b.insert(sub, readFile(QDir(m_dirB).filePath(sub)));
        } else {
            a = snapshot(m_dirA, sub, {u"repo/.git/"_s});
            b = snapshot(m_dirB, sub, {u"repo/.git/"_s});
        }
        QVERIFY2(a.size() >= minimumFiles, qPrintable(u"only %1 files under %2"_s.arg(a.size()).arg(sub)));
        QCOMPARE(a.keys(), b.keys());
        for (auto it = a.cbegin(); it != a.cend(); ++it) {
            QVERIFY2(!it.value().isEmpty(), qPrintable(it.key()));
            QVERIFY2(it.value() == b.value(it.key()), qPrintable(it.key() + u" differs between two creations"_s));
        }
    }

    void deterministicBackupTimes()
    {
        const auto a = snapshot(m_dirA, u"backups"_s);
        QCOMPARE(a.size(), 14);
        for (auto it = a.cbegin(); it != a.cend(); ++it) {
            QVERIFY2(QRegularExpression(u"\\Abackups/(staging|prod)/hockey_db_\\d{4}-\\d\\d-\\d\\d_\\d{4}\\.sql\\.gz\\z"_s).match(it.key()).hasMatch(),
                     qPrintable(it.key()));
            QVERIFY(it.value().startsWith("\x1f\x8b"));
            const QDateTime modifiedA = QFileInfo(QDir(m_dirA).filePath(it.key())).lastModified(QTimeZone::UTC);
            const QDateTime modifiedB = QFileInfo(QDir(m_dirB).filePath(it.key())).lastModified(QTimeZone::UTC);
            QCOMPARE(modifiedA, modifiedB);
            // A week of daily dumps, the newest a few hours before the demo was made: healthy
            // (the workspace's max_age is 26h), not stale as fixed past dates would be.
            QVERIFY2(modifiedA <= m_now.addSecs(-3 * 3600) && modifiedA > m_now.addDays(-7), qPrintable(modifiedA.toString(Qt::ISODate)));
            QVERIFY2(it.key().contains(modifiedA.toString(u"yyyy-MM-dd_HHmm"_s)), qPrintable(it.key()));
        }
        const QString newest = u"backups/prod/hockey_db_%1.sql.gz"_s.arg(demo::demoBackupTime(m_now).toString(u"yyyy-MM-dd_HHmm"_s));
        QVERIFY2(a.contains(newest), qPrintable(newest));
        QVERIFY(demo::demoBackupTime(m_now) > m_now.addSecs(-4 * 3600));
    }

    void deterministicGit_data()
    {
        QTest::addColumn<QString>("revision");
        QTest::addColumn<bool>("isBranch");
        for (const QString &environment : Environments)
            QTest::newRow(qPrintable(u"env/"_s + environment)) << QString(u"env/"_s + environment) << true;
        QTest::newRow("main") << u"main"_s << true;
        QTest::newRow("HEAD") << u"HEAD"_s << false;
        QTest::newRow("HEAD~29") << u"HEAD~29"_s << false; // at least 30 commits
        QTest::newRow("tag api/v1.6.0") << u"api/v1.6.0"_s << false;
        QTest::newRow("tag worker/v0.8.0") << u"worker/v0.8.0"_s << false;
    }
    void deterministicGit()
    {
        QFETCH(QString, revision);
        QFETCH(bool, isBranch);
        auto a = git::Repository::open(QDir(m_dirA).filePath(u"repo"_s));
        auto b = git::Repository::open(QDir(m_dirB).filePath(u"repo"_s));
        QVERIFY2(a && b, "cannot open the demo repositories");
        const auto commitA = isBranch ? a->branchTip(revision) : a->resolveCommit(revision);
        const auto commitB = isBranch ? b->branchTip(revision) : b->resolveCommit(revision);
        QVERIFY2(commitA, qPrintable(commitA ? QString() : commitA.error().toString()));
        QVERIFY2(commitB, qPrintable(commitB ? QString() : commitB.error().toString()));
        QVERIFY2(QRegularExpression(u"\\A[0-9a-f]{40}\\z"_s).match(*commitA).hasMatch(), qPrintable(*commitA));
        QCOMPARE(*commitA, *commitB);
    }

    void commitCount()
    {
        auto repo = git::Repository::open(QDir(m_dirA).filePath(u"repo"_s));
        QVERIFY(repo);
        int count = 1;
        while (repo->resolveCommit(u"HEAD~%1"_s.arg(count)))
            ++count;
        qDebug("the demo repository has %d commits", count);
        QVERIFY2(count >= 30, qPrintable(u"only %1 commits"_s.arg(count)));
        QVERIFY(!repo->resolveCommit(u"HEAD~%1"_s.arg(count)));

        const QString gitTool = QStandardPaths::findExecutable(u"git"_s);
        if (gitTool.isEmpty())
            QSKIP("git is not on PATH; counted with libgit2 only");
        QProcess git;
        git.start(gitTool, {u"-C"_s, QDir(m_dirA).filePath(u"repo"_s), u"rev-list"_s, u"--count"_s, u"HEAD"_s});
        QVERIFY(git.waitForFinished(30000));
        QCOMPARE(QString::fromLocal8Bit(git.readAllStandardError()), QString());
        QCOMPARE(git.exitCode(), 0);
        QCOMPARE(git.readAllStandardOutput().trimmed().toInt(), count);
    }

    // Each environment branch is at the newest release commit that environment runs.
    void environmentBranches_data()
    {
        QTest::addColumn<QString>("branch");
        QTest::addColumn<QString>("subject");
        QTest::newRow("dev") << u"env/dev"_s << u"api: release v1.6.0"_s;
        QTest::newRow("qa") << u"env/qa"_s << u"web: release v2.3.0"_s;
        QTest::newRow("staging") << u"env/staging"_s << u"api: release v1.5.1"_s;
        QTest::newRow("prod") << u"env/prod"_s << u"api: release v1.5.0"_s;
    }
    void environmentBranches()
    {
        QFETCH(QString, branch);
        QFETCH(QString, subject);
        auto repo = git::Repository::open(QDir(m_dirA).filePath(u"repo"_s));
        QVERIFY(repo);
        const auto tip = repo->branchTip(branch);
        QVERIFY2(tip, qPrintable(tip ? QString() : tip.error().toString()));
        const auto info = repo->commit(*tip);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().toString()));
        QCOMPARE(info->subject, subject);
        QCOMPARE(info->id, *tip);
    }

    void deployedState_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content"); // empty: must not exist
        QTest::newRow("dev api") << u"state/dev/api.version"_s << QByteArray("v1.6.0\n");
        QTest::newRow("qa worker") << u"state/qa/worker.version"_s << QByteArray("v0.8.1\n");
        QTest::newRow("prod web") << u"state/prod/web.version"_s << QByteArray("v2.2.1\n");
        QTest::newRow("prod worker never deployed") << u"state/prod/worker.version"_s << QByteArray();
    }
    void deployedState()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        const QString path = QDir(m_dirA).filePath(file);
        QCOMPARE(QFileInfo::exists(path), !content.isEmpty());
        if (!content.isEmpty())
            QCOMPARE(readFile(path), content);
    }

    void refusesNonEmptyDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString notes = dir.filePath(u"notes.txt"_s);
        {
            QFile file(notes);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("keep me\n");
        }
        const auto result = demo::createDemoWorkspace(dir.path());
        QVERIFY2(!result, qPrintable(result.value_or(QString())));
        QCOMPARE(result.error().domain, Error::Domain::Usage);
        QVERIFY2(result.error().message.contains(dir.path()), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(u"not empty"_s), qPrintable(result.error().message));
        // Nothing was written or removed.
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{u"notes.txt"_s});
        QCOMPARE(readFile(notes), QByteArray("keep me\n"));
    }

    void refusesADemoOverADemo()
    {
        const auto again = demo::createDemoWorkspace(m_dirA);
        QVERIFY(!again);
        QCOMPARE(again.error().domain, Error::Domain::Usage);
    }

private:
    QTemporaryDir m_a;
    QTemporaryDir m_b;
    QDateTime m_now;
    QString m_fileA;
    QString m_fileB;
    QString m_dirA;
    QString m_dirB;
};

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "tst_demoworkspace.moc"
