// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli diff and log on the demo workspace, checked against the git CLI on the same
// commits: file lists, changelog, byte-identical --patch, --stat, errors and exit codes.
#include "testdata.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString describe() const
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(QString::fromUtf8(out.left(2000)), QString::fromUtf8(err));
    }
};

Run runIn(const QString &program, const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"RELEASEDECK_WORKSPACE"_s);
    environment.remove(u"COLUMNS"_s);
    environment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    environment.insert(u"GIT_CONFIG_GLOBAL"_s, u"/dev/null"_s);
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    process.waitForFinished(60'000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class TestCliDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void diffJsonListsTheArtifactsFiles();
    void defaultOutputNamesBothEnvironments();
    void statAndNameStatusMatchGit();
    void patchIsGitDiff_data();
    void patchIsGitDiff();
    void logListsTheCommitsToPromote();
    void logWarnsAboutCommitsOnlyInDst();
    void errors_data();
    void errors();

private:
    Run cli(const QStringList &arguments) const
    {
        return runIn(rd::test::binaryPath(u"releasedeck-cli"_s), QStringList{u"-w"_s, m_workspace} + arguments);
    }
    Run git(const QStringList &arguments) const { return runIn(u"git"_s, arguments, m_repo); }

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_repo;
    QString m_apiDev;   // the commits api runs in dev and prod, from `list --json`
    QString m_apiProd;
};

void TestCliDiff::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString demoDir = m_dir.filePath(u"demo"_s);
    const Run created = runIn(rd::test::binaryPath(u"releasedeck-cli"_s), {u"demo"_s, u"create"_s, demoDir});
    QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
    m_workspace = QDir(demoDir).filePath(u"releasedeck.yaml"_s);
    m_repo = QDir(demoDir).filePath(u"repo"_s);
    QVERIFY(QFileInfo(m_repo + u"/.git"_s).exists());

    const Run list = cli({u"list"_s, u"--json"_s});
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    for (const QJsonValue &artifact : parse(list.out).value(u"artifacts"_s).toArray()) {
        if (artifact[u"name"_s].toString() != u"api"_s)
            continue;
        m_apiDev = artifact[u"cells"_s][u"dev"_s][u"commit"_s].toString();
        m_apiProd = artifact[u"cells"_s][u"prod"_s][u"commit"_s].toString();
    }
    QCOMPARE(m_apiDev.size(), 40);
    QCOMPARE(m_apiProd.size(), 40);
    QVERIFY(m_apiDev != m_apiProd);
}

void TestCliDiff::diffJsonListsTheArtifactsFiles()
{
    const Run r = cli({u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(r.err.isEmpty());
    const QJsonObject root = parse(r.out);
    QCOMPARE(root[u"src"_s][u"environment"_s].toString(), u"dev"_s);
    QCOMPARE(root[u"src"_s][u"commit"_s].toString(), m_apiDev);
    QCOMPARE(root[u"dst"_s][u"environment"_s].toString(), u"prod"_s);
    QCOMPARE(root[u"dst"_s][u"commit"_s].toString(), m_apiProd);
    QCOMPARE(root[u"artifact"_s].toString(), u"api"_s);

    // The same files and counts as git's --numstat over the artifact's path.
    QStringList expected;
    for (const QString &line : lines(git({u"diff"_s, u"--numstat"_s, m_apiProd, m_apiDev, u"--"_s, u"services/api"_s}).out))
        expected.append(line);
    QStringList actual;
    for (const QJsonValue &file : root[u"files"_s].toArray()) {
        const QJsonObject f = file.toObject();
        QVERIFY(f.contains(u"old_path"_s));
        QVERIFY(f[u"path"_s].toString().startsWith(u"services/api/"_s));
        QVERIFY(QStringList({u"added"_s, u"deleted"_s, u"modified"_s, u"renamed"_s, u"copied"_s, u"typechange"_s})
                    .contains(f[u"status"_s].toString()));
        QCOMPARE(f[u"binary"_s].toBool(), false);
        actual.append(u"%1\t%2\t%3"_s.arg(f[u"insertions"_s].toInt()).arg(f[u"deletions"_s].toInt()).arg(f[u"path"_s].toString()));
    }
    QVERIFY(!actual.isEmpty());
    QCOMPARE(actual, expected);
}

void TestCliDiff::defaultOutputNamesBothEnvironments()
{
    const Run r = cli({u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(u"prod: v1.5.0  "_s + m_apiProd.left(7)), qPrintable(text));
    QVERIFY2(text.contains(u"dev:  v1.6.0  "_s + m_apiDev.left(7)), qPrintable(text));
    // …then git's --stat.
    const QByteArray stat = git({u"diff"_s, u"--stat"_s, m_apiProd, m_apiDev, u"--"_s, u"services/api"_s}).out;
    QVERIFY(!stat.isEmpty());
    QVERIFY2(r.out.endsWith(stat), qPrintable(text));

    // Without --artifact: the whole repository, at the environment branches.
    const Run whole = cli({u"diff"_s, u"dev"_s, u"prod"_s});
    QVERIFY2(whole.exitCode == 0, qPrintable(whole.describe()));
    QVERIFY(whole.out.endsWith(git({u"diff"_s, u"--stat"_s, u"env/prod"_s, u"env/dev"_s}).out));
    QVERIFY2(QString::fromUtf8(whole.out).contains(u"api v1.5.0, web v2.2.1"_s), whole.out.constData());

    const Run same = cli({u"diff"_s, u"qa"_s, u"staging"_s, u"--artifact"_s, u"api"_s});
    QVERIFY2(same.exitCode == 0, qPrintable(same.describe()));
    QVERIFY(same.out.contains("Both run the same commit."));
}

void TestCliDiff::statAndNameStatusMatchGit()
{
    const QStringList scope{u"--"_s, u"services/api"_s};
    const Run stat = cli({u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s, u"--stat"_s});
    QVERIFY2(stat.exitCode == 0, qPrintable(stat.describe()));
    QCOMPARE(stat.out, git(QStringList{u"diff"_s, u"--stat"_s, m_apiProd, m_apiDev} + scope).out);
    const Run nameStatus = cli({u"diff"_s, u"dev"_s, u"prod"_s, u"--name-status"_s});
    QVERIFY2(nameStatus.exitCode == 0, qPrintable(nameStatus.describe()));
    QCOMPARE(nameStatus.out, git({u"diff"_s, u"--name-status"_s, u"env/prod"_s, u"env/dev"_s}).out);
}

void TestCliDiff::patchIsGitDiff_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("gitArguments");
    QTest::newRow("api dev→prod") << QStringList{u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s}
                                  << QStringList{u"@prod"_s, u"@dev"_s, u"--"_s, u"services/api"_s};
    QTest::newRow("api prod→dev (reverse)") << QStringList{u"prod"_s, u"dev"_s, u"--artifact"_s, u"api"_s}
                                            << QStringList{u"@dev"_s, u"@prod"_s, u"--"_s, u"services/api"_s};
    QTest::newRow("whole repository") << QStringList{u"dev"_s, u"prod"_s} << QStringList{u"env/prod"_s, u"env/dev"_s};
    QTest::newRow("web qa→staging") << QStringList{u"qa"_s, u"staging"_s, u"--artifact"_s, u"web"_s}
                                    << QStringList{u"env/staging"_s, u"env/qa"_s, u"--"_s, u"services/web"_s};
}

void TestCliDiff::patchIsGitDiff()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, gitArguments);
    gitArguments.replaceInStrings(u"@prod"_s, m_apiProd);
    gitArguments.replaceInStrings(u"@dev"_s, m_apiDev);
    const Run ours = cli(QStringList{u"diff"_s} + arguments + QStringList{u"--patch"_s});
    QVERIFY2(ours.exitCode == 0, qPrintable(ours.describe()));
    const Run reference = git(QStringList{u"diff"_s} + gitArguments);
    QCOMPARE(reference.exitCode, 0);
    QVERIFY(!reference.out.isEmpty());
    QCOMPARE(ours.out, reference.out);
}

void TestCliDiff::logListsTheCommitsToPromote()
{
    const Run r = cli({u"log"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject root = parse(r.out);
    QStringList ids;
    for (const QJsonValue &commit : root[u"commits"_s].toArray()) {
        ids.append(commit[u"id"_s].toString());
        QVERIFY(!commit[u"author"_s].toString().isEmpty());
        QVERIFY(commit[u"email"_s].toString().contains(u'@'));
        QVERIFY(QDateTime::fromString(commit[u"time"_s].toString(), Qt::ISODate).isValid());
        QVERIFY(commit[u"subject"_s].toString().startsWith(u"api"_s));
    }
    const QStringList expected = QString::fromLatin1(git({u"log"_s, u"--format=%H"_s, m_apiProd + u".."_s + m_apiDev, u"--"_s, u"services/api"_s}).out)
                                     .split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(ids, expected);

    // The text form lists the same commits, one line each.
    const Run text = cli({u"log"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.describe()));
    QVERIFY2(text.out.startsWith(QString(u"%1 commits in dev not yet in prod under services/api:\n"_s.arg(expected.size())).toUtf8()),
             text.out.constData());
    for (const QString &id : expected)
        QVERIFY(text.out.contains(QByteArray(id.left(7).toLatin1() + "  ")));
    QVERIFY(!text.out.contains("warning:"));
}

void TestCliDiff::logWarnsAboutCommitsOnlyInDst()
{
    // The reverse direction: prod lacks what dev has, so promoting prod's version to dev
    // would drop those commits — the warning names them.
    const Run r = cli({u"log"_s, u"prod"_s, u"dev"_s, u"--artifact"_s, u"api"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject root = parse(r.out);
    QVERIFY(root[u"commits"_s].toArray().isEmpty());
    const qsizetype devOnly = lines(git({u"log"_s, u"--format=%H"_s, m_apiProd + u".."_s + m_apiDev, u"--"_s, u"services/api"_s}).out).size();
    QCOMPARE(root[u"dst_only"_s].toArray().size(), devOnly);
    const Run text = cli({u"log"_s, u"prod"_s, u"dev"_s, u"--artifact"_s, u"api"_s});
    QVERIFY2(text.out.contains("warning: dev has "), text.out.constData());
}

void TestCliDiff::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown src") << QStringList{u"diff"_s, u"nowhere"_s, u"prod"_s} << 2 << u"unknown environment 'nowhere'"_s;
    QTest::newRow("unknown dst") << QStringList{u"log"_s, u"dev"_s, u"elsewhere"_s} << 2 << u"unknown environment 'elsewhere'"_s;
    QTest::newRow("never deployed") << QStringList{u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"worker"_s} << 1
                                    << u"worker has never been deployed to prod"_s;
    QTest::newRow("never deployed (log)") << QStringList{u"log"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"worker"_s} << 1
                                          << u"worker has never been deployed to prod"_s;
    QTest::newRow("unknown artifact") << QStringList{u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"db"_s} << 2
                                      << u"unknown artifact 'db'"_s;
    QTest::newRow("two formats") << QStringList{u"diff"_s, u"dev"_s, u"prod"_s, u"--stat"_s, u"--patch"_s} << 2
                                 << u"choose one of --stat, --name-status and --patch"_s;
    QTest::newRow("missing dst") << QStringList{u"diff"_s, u"dev"_s} << 2 << u"usage: releasedeck-cli diff SRC DST"_s;
    QTest::newRow("unknown option") << QStringList{u"log"_s, u"dev"_s, u"prod"_s, u"--oneline"_s} << 2
                                    << u"log: unknown option '--oneline'"_s;
}

void TestCliDiff::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run r = cli(arguments);
    QVERIFY2(r.exitCode == exitCode, qPrintable(r.describe()));
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(u"releasedeck-cli: "_s) && err.contains(message), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1); // one sentence
}

QTEST_GUILESS_MAIN(TestCliDiff)
#include "tst_cli_diff.moc"
