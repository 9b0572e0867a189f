// SPDX-License-Identifier: GPL-3.0-or-later
// LocalHost runs real `sh -c` commands: output streams, exit status and signals, environment,
// working folder, huge interleaved output, hostile output, timeout and cancellation (which must
// end the whole process group); HostPool hands out the local host and refuses unknown names.
#include "cancelrun.h"
#include "ssh/hostpool.h"
#include "ssh/localhost.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <csignal>
#include <thread>

using namespace Qt::StringLiterals;
using rd::ssh::ExecOptions;
using rd::ssh::LocalHost;
using rd::ssh::OutputLine;

namespace {

bool processAlive(qint64 pid)
{
    return ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class TestLocalHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamsAndExitStatus()
    {
        LocalHost host(QDir::tempPath());
        QList<OutputLine> seen;
        ExecOptions options;
        options.onLine = [&](const OutputLine &line) { seen.append(line); };
        auto result = host.run(u"echo one; echo two >&2; printf 'no newline'; exit 3"_s, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->exitStatus, 3);
        QVERIFY(result->exitSignal.isEmpty());
        QVERIFY(!result->succeeded());
        QCOMPARE(seen.size(), 3);
        QCOMPARE(result->tail.size(), 3);
        int out = 0, err = 0;
        for (const OutputLine &line : seen) {
            QVERIFY(line.time.isValid());
            (line.stream == OutputLine::Stream::Stdout ? out : err)++;
        }
        QCOMPARE(out, 2);
        QCOMPARE(err, 1);
        QVERIFY(result->tailText().contains(u"no newline"_s));
        QCOMPARE(result->stdoutBytes, qint64(4 + 10));
        QCOMPARE(result->stderrBytes, qint64(4));
    }

    void signalEndsCommand()
    {
        LocalHost host(QDir::tempPath());
        auto result = host.run(u"kill -TERM $$"_s);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->exitStatus, -1);
        QCOMPARE(result->exitSignal, u"TERM"_s);
        QVERIFY(!result->succeeded());
    }

    void environmentAndWorkingDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile marker(dir.filePath(u"marker.txt"_s));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.write("here\n");
        marker.close();
        LocalHost host(dir.path());
        ExecOptions options;
        options.environment = { { u"RD_VALUE"_s, u"it's $HOME `x` \"q\""_s }, { u"PATH"_s, u"/usr/bin:/bin"_s } };
        auto result = host.run(u"cat marker.txt; printf '%s\\n' \"$RD_VALUE\"; echo \"$PATH\""_s, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->tailText(), u"here\nit's $HOME `x` \"q\"\n/usr/bin:/bin"_s);

        options.environment = { { u"1BAD"_s, u"x"_s } };
        auto refused = host.run(u"true"_s, options);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"1BAD"_s));
    }

    void missingWorkingDirectory()
    {
        LocalHost host(u"/nonexistent/releasedeck"_s);
        auto result = host.run(u"true"_s);
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(u"/nonexistent/releasedeck"_s));
    }

    // 50 MB on each stream at once: both are read as they arrive (reading one to the end first
    // would deadlock once the other pipe fills), every byte is counted, the tail stays bounded.
    void hugeInterleavedOutput()
    {
        LocalHost host(QDir::tempPath());
        ExecOptions options;
        options.tailLines = 100;
        qint64 outLines = 0, errLines = 0;
        bool allFull = true;
        options.onLine = [&](const OutputLine &line) {
            (line.stream == OutputLine::Stream::Stdout ? outLines : errLines)++;
            allFull = allFull && line.text.size() == 99;
        };
        const QString line = QString(u"0123456789"_s.repeated(10)).left(99);
        const QString command = u"(yes %1 | head -c 50000000) & (yes %1 | head -c 50000000 >&2); wait"_s.arg(line);
        auto result = host.run(command, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QVERIFY(result->succeeded());
        QCOMPARE(result->stdoutBytes, qint64(50'000'000));
        QCOMPARE(result->stderrBytes, qint64(50'000'000));
        QCOMPARE(outLines, qint64(500'000));
        QCOMPARE(errLines, qint64(500'000));
        QVERIFY(allFull);
        QCOMPARE(result->tail.size(), 100);
    }

    void hostileOutput()
    {
        LocalHost host(QDir::tempPath());
        ExecOptions options;
        QList<qsizetype> sizes;
        options.onLine = [&](const OutputLine &line) { sizes.append(line.text.size()); };
        // 1 MB without a newline is cut into bounded pieces; invalid UTF-8 is replaced.
        auto result = host.run(u"head -c 1048576 /dev/zero | tr '\\0' x; printf '\\n\\377\\376bad\\n'"_s, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->stdoutBytes, qint64(1048576 + 1 + 6));
        QCOMPARE(sizes.size(), 1048576 / (64 * 1024) + 2);
        for (qsizetype i = 0; i + 2 < sizes.size(); ++i)
            QCOMPARE(sizes.at(i), qsizetype(64 * 1024));
        QVERIFY(result->tail.last().text.endsWith(u"bad"_s));
        QVERIFY(result->tail.last().text.contains(QChar::ReplacementCharacter));
    }

    void outputFile()
    {
        QTemporaryDir dir;
        LocalHost host(dir.path());
        ExecOptions options;
        options.outputFile = dir.filePath(u"out.log"_s);
        options.tailLines = 2;
        auto result = host.run(u"for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2"_s, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->tail.size(), 2);
        QFile file(options.outputFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 7); // six lines and the empty piece after the last newline
        QVERIFY(lines.at(0).endsWith(" out line1"));
        QVERIFY(lines.at(5).endsWith(" err oops"));

        options.outputFile = u"/nonexistent/dir/out.log"_s;
        auto refused = host.run(u"true"_s, options);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"/nonexistent/dir/out.log"_s));
    }

    // The timeout stops the whole process group: the background child dies with the shell.
    void timeoutKillsProcessGroup()
    {
        QTemporaryDir dir;
        LocalHost host(dir.path());
        ExecOptions options;
        options.timeout = std::chrono::milliseconds(500);
        auto result = host.run(u"sleep 600 & echo $! > child.pid; wait"_s, options);
        QVERIFY(!result);
        QCOMPARE(result.error().domain, rd::Error::Domain::Ssh);
        QVERIFY2(result.error().message.contains(u"did not finish within 500 ms"_s), qPrintable(result.error().message));
        QFile pidFile(dir.filePath(u"child.pid"_s));
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const qint64 child = pidFile.readAll().trimmed().toLongLong();
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 10'000);
    }

    // A command that ignores TERM is killed after the grace period.
    void cancelFromAnotherThread()
    {
        LocalHost host(QDir::tempPath());
        auto result = rd::test::runCancelledAfterFirstLine(host, u"trap '' TERM; echo ready; while :; do sleep 1; done"_s);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"cancelled"_s), qPrintable(result.error().message));
    }

    // Concurrent callers take turns on one host and each gets its own output.
    void concurrentRuns()
    {
        LocalHost host(QDir::tempPath());
        std::atomic_int good = 0;
        QList<std::thread *> threads;
        for (int i = 0; i < 4; ++i) {
            threads.append(new std::thread([&host, &good, i] {
                auto result = host.run(u"echo %1"_s.arg(i));
                if (result && result->tailText() == QString::number(i))
                    ++good;
            }));
        }
        for (std::thread *thread : threads) {
            thread->join();
            delete thread;
        }
        QCOMPARE(good.load(), 4);
    }

    void hostPool()
    {
        QTemporaryDir dir;
        rd::config::Workspace workspace;
        workspace.file = dir.filePath(u"releasedeck.yaml"_s);
        rd::config::Host here;
        here.name = u"here"_s;
        here.local = true;
        workspace.hosts.append(here);
        rd::ssh::HostPool pool(workspace);
        auto host = pool.host(u"here"_s);
        QVERIFY2(host, qPrintable(host ? QString() : host.error().message));
        QCOMPARE((*host)->displayName(), u"this machine"_s);
        auto again = pool.host(u"here"_s);
        QVERIFY(again);
        QCOMPARE(again->get(), host->get());
        // commands run in the workspace folder
        auto result = (*host)->run(u"pwd -P"_s);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(result->tailText(), QDir(dir.path()).canonicalPath());

        auto missing = pool.host(u"nowhere"_s);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(u"nowhere"_s));
    }
};

QTEST_GUILESS_MAIN(TestLocalHost)
#include "tst_localhost.moc"
