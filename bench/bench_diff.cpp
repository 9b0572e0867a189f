// SPDX-License-Identifier: GPL-3.0-or-later
// `releasedeck-cli diff --patch` and `--stat` against `git diff` / `git diff --stat` on the same
// commits of a generated repository with a large change between two environment branches:
// wall time (median of runs) and peak memory (the child's maximum resident set, from wait4),
// printed as figures and ratios. Never asserted.
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace Qt::StringLiterals;

namespace {

constexpr int Files = 3000;
constexpr int LinesPerFile = 200;
// Odd, for a median; enough that one slow run (this machine is a VM whose neighbours take CPU
// time now and then) moves neither the median nor the best.
constexpr int Runs = 9;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Measure
{
    double ms = 0;
    long maxRssKb = 0;
    int exitCode = -1;
};

// Runs `program` with stdout to `output` (e.g. /dev/null) and returns its wall time and peak RSS.
Measure spawn(const QString &program, const QStringList &arguments, const QString &output = u"/dev/null"_s)
{
    QList<QByteArray> storage{QFile::encodeName(program)};
    for (const QString &argument : arguments)
        storage.append(argument.toUtf8());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const QByteArray target = QFile::encodeName(output);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, target.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    Measure measure;
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0) {
        int status = 0;
        rusage usage = {};
        wait4(pid, &status, 0, &usage);
        measure.ms = double(timer.nsecsElapsed()) / 1e6;
        measure.maxRssKb = usage.ru_maxrss;
        measure.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    return measure;
}

// Deterministic text: line `line` of file `file`, version `version` (0 = base).
QByteArray line(int file, int line, int version)
{
    return "    result_" + QByteArray::number(line) + " = compute(" + QByteArray::number(file * 7919 + line * 31 + version * 104729)
           + ", \"file " + QByteArray::number(file) + "\"); // line " + QByteArray::number(line) + '\n';
}

QByteArray fileText(int file, bool changed)
{
    QByteArray text;
    text.reserve(LinesPerFile * 64);
    for (int l = 0; l < LinesPerFile; ++l) {
        // 50 changed lines in 5 separate blocks of 10: 5 hunks per file.
        const bool inBlock = changed && (l % 40) >= 15 && (l % 40) < 25;
        text += line(file, l, inBlock ? 1 : 0);
    }
    return text;
}

QByteArray blob(const QByteArray &content)
{
    return "blob\ndata " + QByteArray::number(content.size()) + '\n' + content + '\n';
}

QString pathOf(int file)
{
    return u"src/module%1/sub%2/file%3.cpp"_s.arg(file / 100).arg((file / 10) % 10).arg(file);
}

// env/prod: Files files. env/dev: every file edited, plus renames (pure and with edits), new
// and deleted files. Written with git fast-import, which is fast and writes one pack.
bool generate(const QString &repo)
{
    QDir().mkpath(repo);
    if (QProcess::execute(u"git"_s, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s, repo}) != 0)
        return false;
    QProcess import;
    import.setWorkingDirectory(repo);
    import.start(u"git"_s, {u"fast-import"_s, u"--quiet"_s});
    if (!import.waitForStarted())
        return false;
    bool ok = true;
    auto write = [&](const QByteArray &bytes) -> bool {
        if (!ok)
            return false;
        import.write(bytes);
        while (import.bytesToWrite() > (8 << 20)) {
            if (!import.waitForBytesWritten(60'000)) {
                ok = false;
                return false;
            }
        }
        return true;
    };
    const QByteArray base = "commit refs/heads/env/prod\nmark :900000\nauthor Bench <bench@example.org> 1700000000 +0000\n"
                      "committer Bench <bench@example.org> 1700000000 +0000\ndata 4\nbase\n";
    for (int f = 0; f < Files; ++f)
        write(blob(fileText(f, false)).replace("blob\n", QByteArray("blob\nmark :" + QByteArray::number(f + 1) + '\n')));
    write(base);
    for (int f = 0; f < Files; ++f)
        write("M 100644 :" + QByteArray::number(f + 1) + ' ' + pathOf(f).toUtf8() + '\n');
    write("\n");
    const QByteArray dev = "commit refs/heads/env/dev\nauthor Bench <bench@example.org> 1700086400 +0000\n"
                     "committer Bench <bench@example.org> 1700086400 +0000\ndata 7\nchanges\nfrom :900000\n";
    write(dev);
    for (int f = 0; f < Files; ++f) {
        const QString path = pathOf(f);
        if (f % 50 == 1) { // deleted
            write("D " + path.toUtf8() + '\n');
        } else if (f % 50 == 2) { // renamed, unchanged
            write("D " + path.toUtf8() + "\nM 100644 :" + QByteArray::number(f + 1) + ' ' + path.toUtf8().replace("src/", "lib/") + '\n');
        } else if (f % 50 == 3) { // renamed with edits
            write("D " + path.toUtf8() + "\nM 100644 inline " + path.toUtf8().replace(".cpp", "_moved.cpp") + "\ndata "
                  + QByteArray::number(fileText(f, true).size()) + '\n' + fileText(f, true) + '\n');
        } else {
            const QByteArray text = fileText(f, true);
            write("M 100644 inline " + path.toUtf8() + "\ndata " + QByteArray::number(text.size()) + '\n' + text + '\n');
        }
    }
    for (int f = 0; f < Files / 50; ++f) { // new files
        const QByteArray text = fileText(Files + f, false);
        write("M 100644 inline src/new/added" + QByteArray::number(f) + ".cpp\ndata " + QByteArray::number(text.size()) + '\n' + text + '\n');
    }
    write("\n");
    import.closeWriteChannel();
    import.waitForFinished(-1);
    if (!ok)
        out() << "git fast-import did not take the stream\n";
    if (import.exitCode() != 0)
        out() << "git fast-import: " << QString::fromUtf8(import.readAllStandardError()) << '\n';
    return import.exitCode() == 0;
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex().left(16) : QByteArray("-");
}

struct Series
{
    QList<double> times;
    long maxRssKb = 0;
    double median() const
    {
        QList<double> sorted = times;
        std::sort(sorted.begin(), sorted.end());
        return sorted.isEmpty() ? 0 : sorted[sorted.size() / 2];
    }
    double best() const { return times.isEmpty() ? 0 : *std::min_element(times.begin(), times.end()); }
};

QString mb(double kb)
{
    return QString::number(kb / 1024.0, 'f', 1) + u" MB"_s;
}

// Writes a workspace beside `repo`, checks that both tools print the same patch, and prints
// the timings of both on its env/prod -> env/dev change. Returns the printed table (empty
// when the workspace could not be written).
QString measureLayout(const QString &cli, const QString &repo, const char *title)
{
    const QDir folder = QFileInfo(repo).dir();
    QFile yaml(folder.filePath(u"releasedeck.yaml"_s));
    if (!yaml.open(QIODevice::WriteOnly))
        return {};
    yaml.write("version: 1\nname: bench\nregistries:\n  local: {url: \"oci-layout:registry\"}\nrepositories:\n  app: {url: repo}\n"
               "artifacts:\n  - {name: app, registry: local, image: bench/app, repository: app}\n"
               "environments:\n  - {name: dev, branch: env/dev}\n  - {name: prod, branch: env/prod}\n");
    yaml.close();
    const QString workspace = yaml.fileName();

    // Sanity: the same bytes, and how big the change is.
    const QString ours = folder.filePath(u"ours.patch"_s);
    const QString theirs = folder.filePath(u"git.patch"_s);
    const Measure check = spawn(cli, {u"-w"_s, workspace, u"diff"_s, u"dev"_s, u"prod"_s, u"--patch"_s}, ours);
    spawn(u"git"_s, {u"-C"_s, repo, u"diff"_s, u"env/prod"_s, u"env/dev"_s}, theirs);
    const QString shortstat = folder.filePath(u"shortstat"_s);
    spawn(u"git"_s, {u"-C"_s, repo, u"diff"_s, u"--shortstat"_s, u"env/prod"_s, u"env/dev"_s}, shortstat);
    QFile stat(shortstat);
    (void)stat.open(QIODevice::ReadOnly);
    const qint64 patchBytes = QFileInfo(theirs).size();
    qint64 patchLines = 0;
    {
        QFile patch(theirs);
        if (patch.open(QIODevice::ReadOnly)) {
            while (!patch.atEnd())
                patch.readLine(), ++patchLines;
        }
    }
    qint64 packBytes = 0;
    for (const QFileInfo &pack : QDir(repo + u"/.git/objects/pack"_s).entryInfoList({u"*.pack"_s}, QDir::Files))
        packBytes += pack.size();
    QString report;
    QTextStream text(&report);
    text << "\n== " << title << ": pack " << QString::number(double(packBytes) / (1 << 20), 'f', 1) << " MB\nchange env/prod -> env/dev:"
         << QString::fromUtf8(stat.readAll()).trimmed() << "\npatch: " << QString::number(double(patchBytes) / (1 << 20), 'f', 1)
         << " MB, " << patchLines << " lines; releasedeck-cli exit " << check.exitCode << ", output "
         << (sha256Of(ours) == sha256Of(theirs) ? "byte-identical to" : "DIFFERENT from") << " git diff\n\n";

    struct Case
    {
        const char *name;
        QString program;
        QStringList arguments;
        Series series;
    };
    QList<Case> cases{
        {"git diff", u"git"_s, {u"-C"_s, repo, u"diff"_s, u"env/prod"_s, u"env/dev"_s}, {}},
        {"releasedeck-cli diff --patch", cli, {u"-w"_s, workspace, u"diff"_s, u"dev"_s, u"prod"_s, u"--patch"_s}, {}},
        {"git diff --stat", u"git"_s, {u"-C"_s, repo, u"diff"_s, u"--stat"_s, u"env/prod"_s, u"env/dev"_s}, {}},
        {"releasedeck-cli diff --stat", cli, {u"-w"_s, workspace, u"diff"_s, u"dev"_s, u"prod"_s, u"--stat"_s}, {}},
        // fixed cost: start-up, workspace, environment resolution, an empty diff
        {"git diff (same commit)", u"git"_s, {u"-C"_s, repo, u"diff"_s, u"env/dev"_s, u"env/dev"_s}, {}},
        {"releasedeck-cli diff dev dev", cli, {u"-w"_s, workspace, u"diff"_s, u"dev"_s, u"dev"_s, u"--patch"_s}, {}},
    };
    for (int run = 0; run < Runs; ++run) { // interleaved, so both tools see the same cache state
        for (Case &c : cases) {
            const Measure m = spawn(c.program, c.arguments);
            c.series.times.append(m.ms);
            c.series.maxRssKb = std::max(c.series.maxRssKb, m.maxRssKb);
        }
    }
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const Case &c = cases[i];
        text << QString::fromLatin1(c.name).leftJustified(30) << " median " << QString::number(c.series.median(), 'f', 0).rightJustified(6)
             << " ms   peak RSS " << mb(double(c.series.maxRssKb)).rightJustified(9);
        if (i % 2 == 1) {
            const Case &g = cases[i - 1];
            text << "   time " << QString::number(c.series.median() / g.series.median(), 'f', 2) << "x git (best runs "
                 << QString::number(c.series.best() / g.series.best(), 'f', 2) << "x), memory "
                 << QString::number(double(c.series.maxRssKb) / double(g.series.maxRssKb), 'f', 2) << "x git, "
                 << QString::number(double(c.series.maxRssKb) * 1024.0 / double(patchBytes), 'f', 2) << "x patch size";
            if (i + 1 == cases.size())
                text << " (fixed cost)";
        }
        text << '\n';
    }
    text.flush();
    out() << report;
    out().flush();
    return report;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString cli = qEnvironmentVariable("RD_CLI");
    if (cli.isEmpty())
        cli = QDir(QCoreApplication::applicationDirPath()).filePath(u"../bin/releasedeck-cli"_s);
    if (!QFileInfo(cli).isExecutable()) {
        out() << "bench_diff: " << cli << " is not built\n";
        return 1;
    }
    // BENCH_DIFF_DIR keeps the generated repository there (for profiling the same commits).
    QTemporaryDir scratch(qEnvironmentVariableIsSet("BENCH_DIFF_DIR") ? qEnvironmentVariable("BENCH_DIFF_DIR") + u"/bench_diff-XXXXXX"_s
                                                                         : QDir::tempPath() + u"/bench_diff-XXXXXX"_s);
    scratch.setAutoRemove(!qEnvironmentVariableIsSet("BENCH_DIFF_DIR"));
    // git reads no user or system configuration: both tools see the same defaults.
    qputenv("HOME", QFile::encodeName(scratch.path()));
    qputenv("GIT_CONFIG_NOSYSTEM", "1");
    qunsetenv("COLUMNS");

    // Two layouts of the same history. "as git packs it": fast-import's output repacked from
    // scratch (git repack -a -d -f), as a history made of commits is stored once git gc has run,
    // and as a clone from a forge arrives. "fast-import's pack": as written by git fast-import,
    // which deltas every blob against the one written just before it, in chains of up to 50
    // unrelated files; git's 96 MB delta-base cache holds all of them, libgit2's fixed 16 MB
    // one does not, so that layout shows the worst case for any libgit2-based reader.
    const QString rawRepo = scratch.filePath(u"fast-import/repo"_s);
    const QString packedRepo = scratch.filePath(u"repacked/repo"_s);
    QElapsedTimer timer;
    timer.start();
    if (!generate(rawRepo)) {
        out() << "bench_diff: cannot generate the repository\n";
        return 1;
    }
    const double generated = double(timer.elapsed()) / 1000.0;
    if (QProcess::execute(u"git"_s, {u"clone"_s, u"-q"_s, u"--no-local"_s, u"--no-checkout"_s, rawRepo, packedRepo}) != 0
        || QProcess::execute(u"git"_s, {u"-C"_s, packedRepo, u"fetch"_s, u"-q"_s, u"origin"_s, u"+refs/heads/*:refs/heads/*"_s}) != 0
        || QProcess::execute(u"git"_s, {u"-C"_s, packedRepo, u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s, u"-f"_s}) != 0) {
        out() << "bench_diff: cannot repack the repository\n";
        return 1;
    }
    out() << "repository: " << Files << " files x " << LinesPerFile << " lines, generated in " << QString::number(generated, 'f', 1)
          << " s\n";
    const QString repackedReport = measureLayout(cli, packedRepo, "as git packs it (repack -a -d -f)");
    const QString rawReport = measureLayout(cli, rawRepo, "fast-import's pack, as written");
    out() << "(" << Runs << " runs each, interleaved; times are medians, \"best runs\" compares the fastest run of each;"
             " output to /dev/null; peak RSS is the child's ru_maxrss from wait4)\n";
    return repackedReport.isEmpty() || rawReport.isEmpty() ? 1 : 0;
}

