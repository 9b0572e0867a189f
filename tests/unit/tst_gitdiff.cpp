// SPDX-License-Identifier: GPL-3.0-or-later
// core/git diff, patch writer and changelog against the git CLI on generated repositories:
// every file status, awkward content and names, byte-identical patches.
#include "git/changelog.h"
#include "git/diff.h"
#include "git/patchwriter.h"
#include "gitrun.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using rd::test::git;
using rd::test::GitRun;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray numbered(int count, const QByteArray &prefix = "line")
{
    QByteArray text;
    for (int i = 1; i <= count; ++i)
        text += prefix + ' ' + QByteArray::number(i) + '\n';
    return text;
}

QByteArray binaryBlob(int size, int seed)
{
    QByteArray bytes(size, '\0');
    for (int i = 0; i < size; ++i)
        bytes[i] = char((i * 31 + seed * 7) % 251);
    return bytes;
}

// Commits everything in the working tree with a fixed date; returns the commit id.
QString commitAll(const QString &dir, const QString &message, int day, bool addAll = true)
{
    const QString date = u"2026-10-%1T12:00:00+02:00"_s.arg(day, 2, 10, QChar(u'0'));
    if (addAll)
        git(dir, {u"add"_s, u"-A"_s});
    qputenv("GIT_COMMITTER_DATE", date.toLatin1());
    const GitRun commit = git(dir, {u"-c"_s, u"user.useConfigOnly=false"_s, u"commit"_s, u"-q"_s, u"--allow-empty"_s,
                                    u"--date"_s, date, u"-m"_s, message});
    if (commit.exitCode != 0)
        qWarning("git commit failed: %s", commit.err.constData());
    return QString::fromLatin1(git(dir, {u"rev-parse"_s, u"HEAD"_s}).out.trimmed());
}

QByteArray ourPatch(const rd::git::Diff &diff)
{
    QByteArray text;
    auto files = rd::git::writePatch(diff, [&](QByteArrayView chunk) { text += chunk; });
    return files ? text : QByteArray("error: ") + files.error().message.toUtf8();
}

} // namespace

class TestGitDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void statuses_data();
    void statuses();
    void copiesAreNotDetectedByDefault();
    void patchIsByteIdenticalToGit_data();
    void patchIsByteIdenticalToGit();
    void statAndNameStatusMatchGit();
    void linesStreamPerFile();
    void worktreeAttributesAreHonoured_data();
    void worktreeAttributesAreHonoured();
    void quotePath();
    void changelogBothDirections();
    void changelogScopedToPath();
    void unknownCommitIsAnError();

private:
    QTemporaryDir m_dir;
    QString m_repo;
    QString m_old;
    QString m_new;
};

void TestGitDiff::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_repo = m_dir.filePath(u"repo"_s);
    QVERIFY(QDir().mkpath(m_repo));
    QCOMPARE(git(m_repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}).exitCode, 0);

    const QString r = m_repo + u'/';
    QByteArray code = "#include <stdio.h>\n\nstatic int helper(int x)\n{\n    return x * 2;\n}\n\nint main(void)\n{\n";
    for (int i = 0; i < 40; ++i)
        code += "    printf(\"step " + QByteArray::number(i) + "\\n\");\n";
    code += "    return helper(1);\n}\n";
    QVERIFY(writeFile(r + u"src/main.c"_s, code));
    QVERIFY(writeFile(r + u"modified.txt"_s, numbered(30)));
    QVERIFY(writeFile(r + u"deleted.txt"_s, numbered(5, "gone")));
    QVERIFY(writeFile(r + u"rename-same.txt"_s, numbered(12, "same")));
    QVERIFY(writeFile(r + u"rename-edit.txt"_s, numbered(20, "moving")));
    QVERIFY(writeFile(r + u"script.sh"_s, "#!/bin/sh\necho hi\n"));
    QVERIFY(writeFile(r + u"mode-and-edit.sh"_s, "#!/bin/sh\necho one\n"));
    QVERIFY(writeFile(r + u"image.bin"_s, binaryBlob(3000, 1)));
    QVERIFY(writeFile(r + u"crlf.txt"_s, "first\r\nsecond\r\nthird\r\n"));
    QVERIFY(writeFile(r + u"latin1.txt"_s, "caf\xe9\nna\xefve\n"));
    QVERIFY(writeFile(r + u"no-newline.txt"_s, "alpha\nbeta"));
    QVERIFY(writeFile(r + u"add-newline.txt"_s, "alpha"));
    QVERIFY(writeFile(r + u"empty-to-content.txt"_s, ""));
    QVERIFY(writeFile(r + u"content-to-empty.txt"_s, "something\n"));
    QVERIFY(writeFile(r + u"a/b/c/d/e/f/g/h/i/j/deep.txt"_s, numbered(4, "deep")));
    QVERIFY(writeFile(r + u"données/élan.txt"_s, numbered(3, "été")));
    QVERIFY(writeFile(r + u"copy-source.txt"_s, numbered(25, "original")));
    QVERIFY(writeFile(r + u"becomes-link.txt"_s, "a regular file\n"));
    QVERIFY(writeFile(r + u"very/long/directory/name/for/testing/the/stat/output/truncation/file-with-a-long-name.txt"_s,
                      numbered(6, "long")));
    QVERIFY(QFile::setPermissions(r + u"script.sh"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    m_old = commitAll(m_repo, u"base"_s, 1);
    // A submodule entry (gitlink) needs no submodule checkout: it is a commit id in the tree,
    // and an empty folder in the working tree (an unpopulated submodule).
    QVERIFY(QDir().mkpath(r + u"vendor/lib"_s));
    QCOMPARE(git(m_repo, {u"update-index"_s, u"--add"_s, u"--cacheinfo"_s, u"160000,%1,vendor/lib"_s.arg(m_old)}).exitCode, 0);
    m_old = commitAll(m_repo, u"base with submodule"_s, 2, false);

    QByteArray newCode = code;
    newCode.replace("    printf(\"step 30\\n\");\n", "    printf(\"step thirty\\n\");\n");
    newCode.replace("    return x * 2;\n", "    return x * 3;\n");
    QVERIFY(writeFile(r + u"src/main.c"_s, newCode));
    QByteArray modified = numbered(30);
    modified.replace("line 3\n", "line three\n");
    modified.replace("line 27\n", "");
    QVERIFY(writeFile(r + u"modified.txt"_s, modified));
    QVERIFY(QFile::remove(r + u"deleted.txt"_s));
    QVERIFY(QDir().mkpath(r + u"moved"_s));
    QVERIFY(QFile::rename(r + u"rename-same.txt"_s, r + u"moved/rename-same.txt"_s));
    QByteArray edited = numbered(20, "moving");
    edited.replace("moving 10\n", "moving ten\n");
    QVERIFY(QFile::remove(r + u"rename-edit.txt"_s));
    QVERIFY(writeFile(r + u"moved/renamed-and-edited.txt"_s, edited));
    QVERIFY(QFile::setPermissions(r + u"script.sh"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                          | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(writeFile(r + u"mode-and-edit.sh"_s, "#!/bin/sh\necho two\n"));
    QVERIFY(QFile::setPermissions(r + u"mode-and-edit.sh"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(writeFile(r + u"image.bin"_s, binaryBlob(3100, 2)));
    QVERIFY(writeFile(r + u"new.bin"_s, binaryBlob(500, 3)));
    QVERIFY(writeFile(r + u"crlf.txt"_s, "first\r\nSECOND\r\nthird\r\n"));
    QVERIFY(writeFile(r + u"latin1.txt"_s, "caf\xe9\nna\xefve\nd\xe9j\xe0 vu\n"));
    QVERIFY(writeFile(r + u"no-newline.txt"_s, "alpha\ngamma"));
    QVERIFY(writeFile(r + u"add-newline.txt"_s, "alpha\n"));
    QVERIFY(writeFile(r + u"empty-to-content.txt"_s, "now with content\n"));
    QVERIFY(writeFile(r + u"content-to-empty.txt"_s, ""));
    QVERIFY(writeFile(r + u"empty-new.txt"_s, ""));
    QVERIFY(writeFile(r + u"a/b/c/d/e/f/g/h/i/j/deep.txt"_s, numbered(5, "deep")));
    QVERIFY(writeFile(r + u"données/élan.txt"_s, numbered(4, "été")));
    QVERIFY(writeFile(r + u"名前/ファイル.txt"_s, "こんにちは\n"));
    QVERIFY(writeFile(r + u"tab\there.txt"_s, "tab\n"));
    QVERIFY(writeFile(r + u"copy-of-source.txt"_s, numbered(25, "original")));
    QVERIFY(QFile::remove(r + u"becomes-link.txt"_s));
    QVERIFY(QFile::link(u"modified.txt"_s, r + u"becomes-link.txt"_s));
    QVERIFY(writeFile(r + u"very/long/directory/name/for/testing/the/stat/output/truncation/file-with-a-long-name.txt"_s,
                      numbered(7, "long")));
    m_new = commitAll(m_repo, u"changes"_s, 3);
    const QString newSub = commitAll(m_repo, u"empty"_s, 4);
    QCOMPARE(git(m_repo, {u"update-index"_s, u"--cacheinfo"_s, u"160000,%1,vendor/lib"_s.arg(m_new)}).exitCode, 0);
    m_new = commitAll(m_repo, u"changes and submodule bump"_s, 5, false);
    QVERIFY(git(m_repo, {u"ls-tree"_s, m_new, u"vendor/lib"_s}).out.startsWith("160000 commit "));
    QVERIFY(!newSub.isEmpty());
}

void TestGitDiff::statuses_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("oldPath");
    QTest::addColumn<int>("insertions");
    QTest::addColumn<int>("deletions");
    QTest::addColumn<bool>("binary");

    QTest::newRow("modified") << u"modified.txt"_s << u"modified"_s << QString() << 1 << 2 << false;
    QTest::newRow("deleted") << u"deleted.txt"_s << u"deleted"_s << QString() << 0 << 5 << false;
    QTest::newRow("renamed 100%") << u"moved/rename-same.txt"_s << u"renamed"_s << u"rename-same.txt"_s << 0 << 0 << false;
    QTest::newRow("renamed with edits") << u"moved/renamed-and-edited.txt"_s << u"renamed"_s << u"rename-edit.txt"_s << 1 << 1 << false;
    QTest::newRow("mode change") << u"script.sh"_s << u"modified"_s << QString() << 0 << 0 << false;
    QTest::newRow("binary") << u"image.bin"_s << u"modified"_s << QString() << 0 << 0 << true;
    QTest::newRow("binary added") << u"new.bin"_s << u"added"_s << QString() << 0 << 0 << true;
    QTest::newRow("crlf") << u"crlf.txt"_s << u"modified"_s << QString() << 1 << 1 << false;
    QTest::newRow("non-utf-8") << u"latin1.txt"_s << u"modified"_s << QString() << 1 << 0 << false;
    QTest::newRow("no newline at end") << u"no-newline.txt"_s << u"modified"_s << QString() << 1 << 1 << false;
    QTest::newRow("empty added") << u"empty-new.txt"_s << u"added"_s << QString() << 0 << 0 << false;
    QTest::newRow("empty to content") << u"empty-to-content.txt"_s << u"modified"_s << QString() << 1 << 0 << false;
    QTest::newRow("content to empty") << u"content-to-empty.txt"_s << u"modified"_s << QString() << 0 << 1 << false;
    QTest::newRow("deep path") << u"a/b/c/d/e/f/g/h/i/j/deep.txt"_s << u"modified"_s << QString() << 1 << 0 << false;
    QTest::newRow("unicode name") << u"名前/ファイル.txt"_s << u"added"_s << QString() << 1 << 0 << false;
    QTest::newRow("submodule") << u"vendor/lib"_s << u"modified"_s << QString() << 1 << 1 << false;
}

void TestGitDiff::statuses()
{
    QFETCH(QString, path);
    QFETCH(QString, status);
    QFETCH(QString, oldPath);
    QFETCH(int, insertions);
    QFETCH(int, deletions);
    QFETCH(bool, binary);

    auto diff = rd::git::Diff::between(m_repo, m_old, m_new);
    QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
    auto files = rd::git::collectStats(*diff);
    QVERIFY(files);
    const auto it = std::find_if(files->begin(), files->end(), [&](const rd::git::FileChange &f) { return f.path == path; });
    QVERIFY2(it != files->end(), qPrintable(path));
    QCOMPARE(rd::git::changeStatusName(it->status), status);
    QCOMPARE(it->oldPath, oldPath);
    QCOMPARE(it->insertions, insertions);
    QCOMPARE(it->deletions, deletions);
    QCOMPARE(it->binary, binary);
    if (path == u"script.sh"_s) {
        QVERIFY(it->modeChanged());
        QCOMPARE(it->oldMode, 0100644u);
        QCOMPARE(it->newMode, 0100755u);
    }
    if (path == u"vendor/lib"_s)
        QVERIFY(it->submodule);
    if (status == u"renamed"_s)
        QVERIFY(it->similarity >= 50 && it->similarity <= 100);
    if (path == u"moved/rename-same.txt"_s)
        QCOMPARE(it->similarity, 100);
}

void TestGitDiff::copiesAreNotDetectedByDefault()
{
    // git diff reports copies only with -C; by default the copy is a new file, as here.
    auto diff = rd::git::Diff::between(m_repo, m_old, m_new);
    QVERIFY(diff);
    bool found = false;
    for (qsizetype i = 0; i < diff->size(); ++i) {
        const rd::git::FileChange file = diff->file(i);
        QVERIFY(file.status != rd::git::ChangeStatus::Copied);
        if (file.path == u"copy-of-source.txt"_s) {
            found = true;
            QCOMPARE(file.status, rd::git::ChangeStatus::Added);
        }
    }
    QVERIFY(found);
    const QByteArray nameStatus = git(m_repo, {u"diff"_s, u"--name-status"_s, m_old, m_new}).out;
    QVERIFY(nameStatus.contains("A\tcopy-of-source.txt\n"));
}

void TestGitDiff::patchIsByteIdenticalToGit_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::newRow("whole repository") << QStringList();
    QTest::newRow("one folder") << QStringList{u"moved"_s};
    QTest::newRow("deep folder") << QStringList{u"a/b/c"_s};
    QTest::newRow("unicode folder") << QStringList{u"données"_s};
    QTest::newRow("two paths") << QStringList{u"src"_s, u"crlf.txt"_s};
    QTest::newRow("nothing there") << QStringList{u"no/such/dir"_s};
}

void TestGitDiff::patchIsByteIdenticalToGit()
{
    QFETCH(QStringList, paths);
    rd::git::DiffOptions options;
    options.paths = paths;
    auto diff = rd::git::Diff::between(m_repo, m_old, m_new, options);
    QVERIFY(diff);
    QStringList arguments{u"diff"_s, m_old, m_new};
    if (!paths.isEmpty())
        arguments << u"--"_s << paths;
    const GitRun reference = git(m_repo, arguments);
    QCOMPARE(reference.exitCode, 0);
    const QByteArray ours = ourPatch(*diff);
    if (ours != reference.out) {
        writeFile(m_dir.filePath(u"ours.patch"_s), ours);
        writeFile(m_dir.filePath(u"git.patch"_s), reference.out);
        qWarning("patches differ; compare %s and %s", qPrintable(m_dir.filePath(u"ours.patch"_s)),
                 qPrintable(m_dir.filePath(u"git.patch"_s)));
        m_dir.setAutoRemove(false);
    }
    QCOMPARE(ours, reference.out);
}

void TestGitDiff::statAndNameStatusMatchGit()
{
    auto diff = rd::git::Diff::between(m_repo, m_old, m_new);
    QVERIFY(diff);
    auto files = rd::git::collectStats(*diff);
    QVERIFY(files);
    QCOMPARE(QString::fromUtf8(rd::git::formatNameStatus(*files)),
             QString::fromUtf8(git(m_repo, {u"diff"_s, u"--name-status"_s, m_old, m_new}).out));
    QCOMPARE(QString::fromUtf8(rd::git::formatStat(*files, 80)),
             QString::fromUtf8(git(m_repo, {u"diff"_s, u"--stat"_s, m_old, m_new}).out));
}

// Diff::between skips libgit2's per-file .gitattributes lookups in the working tree when no
// such file applies to the change; wherever one does, the patch must still be git's.
void TestGitDiff::worktreeAttributesAreHonoured_data()
{
    QTest::addColumn<QString>("attributesPath");  // relative to the working tree
    QTest::addColumn<QByteArray>("attributes");
    QTest::addColumn<bool>("inIndexOnly");        // staged, then removed from the working tree
    QTest::addColumn<QByteArray>("mustContain");  // proof that the attribute took effect
    QTest::newRow("none") << QString() << QByteArray() << false << QByteArray("+TEXT 2");
    QTest::newRow("working tree, top") << u".gitattributes"_s << QByteArray("*.dat binary\n") << false
                                       << QByteArray("Binary files a/data/table.dat and b/data/table.dat differ");
    QTest::newRow("working tree, folder") << u"data/.gitattributes"_s << QByteArray("*.dat -diff\n") << false
                                          << QByteArray("Binary files a/data/table.dat and b/data/table.dat differ");
    QTest::newRow("folder of a deleted file") << u"old/.gitattributes"_s << QByteArray("*.txt binary\n") << false
                                              << QByteArray("Binary files a/old/gone.txt and /dev/null differ");
    // git reads a tree diff's attributes from the working tree alone.
    QTest::newRow("index only") << u".gitattributes"_s << QByteArray("*.dat binary\n") << true << QByteArray("+TEXT 2");
}

void TestGitDiff::worktreeAttributesAreHonoured()
{
    QFETCH(QString, attributesPath);
    QFETCH(QByteArray, attributes);
    QFETCH(bool, inIndexOnly);
    QFETCH(QByteArray, mustContain);
    QTemporaryDir dir;
    const QString repo = dir.filePath(u"repo"_s);
    QVERIFY(QDir().mkpath(repo));
    QCOMPARE(git(repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}).exitCode, 0);
    QVERIFY(writeFile(repo + u"/data/table.dat"_s, numbered(5, "text")));
    QVERIFY(writeFile(repo + u"/old/gone.txt"_s, numbered(3)));
    QVERIFY(writeFile(repo + u"/src/app.c"_s, "int main(void)\n{\n    return 0;\n}\n"));
    const QString before = commitAll(repo, u"before"_s, 1);
    QVERIFY(writeFile(repo + u"/data/table.dat"_s, numbered(5, "text").replace("text 2", "TEXT 2")));
    QVERIFY(QFile::remove(repo + u"/old/gone.txt"_s));
    QVERIFY(writeFile(repo + u"/src/app.c"_s, "int main(void)\n{\n    return 1;\n}\n"));
    const QString after = commitAll(repo, u"after"_s, 2);
    if (!attributesPath.isEmpty()) {
        QVERIFY(writeFile(repo + u'/' + attributesPath, attributes));
        if (inIndexOnly) {
            QCOMPARE(git(repo, {u"add"_s, attributesPath}).exitCode, 0);
            QVERIFY(QFile::remove(repo + u'/' + attributesPath));
        }
    }
    const GitRun reference = git(repo, {u"diff"_s, before, after});
    QCOMPARE(reference.exitCode, 0);
    QVERIFY2(reference.out.contains(mustContain), reference.out.constData());
    auto diff = rd::git::Diff::between(repo, before, after);
    QVERIFY(diff);
    QCOMPARE(QString::fromUtf8(ourPatch(*diff)), QString::fromUtf8(reference.out));
}

void TestGitDiff::linesStreamPerFile()
{
    auto diff = rd::git::Diff::between(m_repo, m_old, m_new);
    QVERIFY(diff);
    for (qsizetype i = 0; i < diff->size(); ++i) {
        auto stats = diff->fileWithStats(i);
        QVERIFY(stats);
        int added = 0;
        int removed = 0;
        int hunks = 0;
        int lastNew = 0;
        auto walked = diff->forEachLine(
            i, [&](const rd::git::DiffHunk &hunk) {
                ++hunks;
                lastNew = hunk.newStart - 1;
                return hunk.header.startsWith("@@ -");
            },
            [&](const rd::git::DiffLine &line) {
                if (line.origin == '+')
                    ++added;
                else if (line.origin == '-')
                    ++removed;
                if (line.newLine > 0) {
                    if (line.newLine != lastNew + 1)
                        return false;
                    lastNew = line.newLine;
                }
                return true;
            });
        QVERIFY(walked);
        QCOMPARE(added, stats->insertions);
        QCOMPARE(removed, stats->deletions);
        if (stats->path == u"src/main.c"_s)
            QCOMPARE(hunks, 2);
    }
    // Stopping early is cancellation, not an error.
    int seen = 0;
    QVERIFY(diff->forEachLine(0, {}, [&](const rd::git::DiffLine &) { return ++seen < 1; }));
    QCOMPARE(seen, 1);
}

void TestGitDiff::quotePath()
{
    QCOMPARE(rd::git::quotePath("plain/path.txt"), QByteArray("plain/path.txt"));
    QCOMPARE(rd::git::quotePath("tab\there"), QByteArray("\"tab\\there\""));
    QCOMPARE(rd::git::quotePath("caf\xc3\xa9"), QByteArray("\"caf\\303\\251\""));
    QCOMPARE(rd::git::quotePath("q\"uote\\"), QByteArray("\"q\\\"uote\\\\\""));
}

void TestGitDiff::changelogBothDirections()
{
    const QString repo = m_dir.filePath(u"history"_s);
    QVERIFY(QDir().mkpath(repo));
    QCOMPARE(git(repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}).exitCode, 0);
    QVERIFY(writeFile(repo + u"/a.txt"_s, "a\n"));
    const QString base = commitAll(repo, u"base"_s, 1);
    QCOMPARE(git(repo, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feature"_s}).exitCode, 0);
    QVERIFY(writeFile(repo + u"/feature/f.txt"_s, "f1\n"));
    const QString f1 = commitAll(repo, u"feature: first\n\nWhy it matters.\n\nSigned-off-by: Ann Author <ann@example.org>\nReviewed-by: Bo <bo@example.org>"_s, 2);
    QVERIFY(writeFile(repo + u"/feature/f.txt"_s, "f1\nf2\n"));
    const QString f2 = commitAll(repo, u"feature: second"_s, 3);
    QCOMPARE(git(repo, {u"checkout"_s, u"-q"_s, u"main"_s}).exitCode, 0);
    QVERIFY(writeFile(repo + u"/main.txt"_s, "m\n"));
    const QString m1 = commitAll(repo, u"main: work"_s, 4);
    QCOMPARE(git(repo, {u"merge"_s, u"-q"_s, u"--no-ff"_s, u"-m"_s, u"Merge feature"_s, u"feature"_s}).exitCode, 0);
    const QString merge = QString::fromLatin1(git(repo, {u"rev-parse"_s, u"HEAD"_s}).out.trimmed());
    // prod: a hotfix on top of base that main does not have.
    QCOMPARE(git(repo, {u"checkout"_s, u"-q"_s, u"-b"_s, u"prod"_s, base}).exitCode, 0);
    QVERIFY(writeFile(repo + u"/a.txt"_s, "a hotfix\n"));
    const QString hotfix = commitAll(repo, u"hotfix"_s, 6);

    auto comparison = rd::git::compareHistories(repo, u"main"_s, u"prod"_s);
    QVERIFY2(comparison, qPrintable(comparison ? QString() : comparison.error().message));
    QStringList ahead;
    for (const auto &entry : comparison->ahead)
        ahead.append(entry.commit.id);
    QStringList expected = QString::fromLatin1(git(repo, {u"log"_s, u"--format=%H"_s, u"prod..main"_s}).out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(ahead, expected);
    QCOMPARE(QSet<QString>(ahead.begin(), ahead.end()), (QSet<QString>{f1, f2, m1, merge}));
    QCOMPARE(comparison->behind.size(), 1);
    QCOMPARE(comparison->behind.first().commit.id, hotfix);

    const auto &mergeEntry = comparison->ahead.first();
    QCOMPARE(mergeEntry.commit.id, merge);
    QVERIFY(mergeEntry.isMerge());
    QCOMPARE(mergeEntry.parents, (QStringList{m1, f2}));
    const auto first = std::find_if(comparison->ahead.begin(), comparison->ahead.end(),
                                    [&](const rd::git::ChangelogEntry &e) { return e.commit.id == f1; });
    QVERIFY(first != comparison->ahead.end());
    QVERIFY(!first->isMerge());
    QCOMPARE(first->commit.subject, u"feature: first"_s);
    QCOMPARE(first->commit.author, u"Ann Author"_s);
    QCOMPARE(first->commit.email, u"ann@example.org"_s);
    QCOMPARE(first->commit.time, QDateTime::fromString(u"2026-10-02T12:00:00+02:00"_s, Qt::ISODate));
    QCOMPARE(first->commit.time.offsetFromUtc(), 7200);
    QVERIFY(first->commit.body.startsWith(u"Why it matters."_s));
    QCOMPARE(first->trailers, (QList<rd::git::Trailer>{{u"Signed-off-by"_s, u"Ann Author <ann@example.org>"_s},
                                                       {u"Reviewed-by"_s, u"Bo <bo@example.org>"_s}}));

    // The one-way form, and the limit.
    rd::git::ChangelogOptions limited;
    limited.limit = 2;
    auto two = rd::git::changelog(repo, u"main"_s, u"prod"_s, limited);
    QVERIFY(two);
    QCOMPARE(two->size(), 2);
    auto none = rd::git::changelog(repo, u"prod"_s, u"prod"_s);
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void TestGitDiff::changelogScopedToPath()
{
    const QString repo = m_dir.filePath(u"history"_s);
    rd::git::ChangelogOptions options;
    options.paths = {u"feature"_s};
    auto scoped = rd::git::changelog(repo, u"main"_s, u"prod"_s, options);
    QVERIFY(scoped);
    QStringList ids;
    for (const auto &entry : *scoped)
        ids.append(entry.commit.id);
    // git log's default simplification: the merge is TREESAME to its feature parent there.
    const QStringList expected = QString::fromLatin1(git(repo, {u"log"_s, u"--format=%H"_s, u"prod..main"_s, u"--"_s, u"feature"_s}).out)
                                     .split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(ids, expected);
    QCOMPARE(ids.size(), 2);
}

void TestGitDiff::unknownCommitIsAnError()
{
    auto diff = rd::git::Diff::between(m_repo, m_old, u"no-such-branch"_s);
    QVERIFY(!diff);
    QVERIFY(diff.error().message.contains(u"no-such-branch"_s));
    auto missing = rd::git::Diff::between(m_dir.filePath(u"nothing-here"_s), m_old, m_new);
    QVERIFY(!missing);
    auto log = rd::git::changelog(m_repo, u"nope"_s, m_old);
    QVERIFY(!log);
}

QTEST_GUILESS_MAIN(TestGitDiff)
#include "tst_gitdiff.moc"
