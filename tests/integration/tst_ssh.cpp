// SPDX-License-Identifier: GPL-3.0-or-later
// SshHost against a real OpenSSH sshd on loopback (tests/support/sshserver.h): key-file and
// agent authentication, wrong keys, unknown / changed / hashed host keys, huge interleaved
// output, commands that never end (timeout, cancel), the server dying mid-command, session
// reuse and reconnection, exit status and signals, hostile known_hosts files.
#include "cancelrun.h"
#include "processrun.h"
#include "sshserver.h"
#include "testdata.h"

#include "config/workspaceloader.h"
#include "health/checkrunner.h"
#include "health/checkspec.h"
#include "ssh/asyncrun.h"
#include "ssh/hostpool.h"
#include "ssh/sshhost.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using rd::ssh::ExecOptions;
using rd::ssh::OutputLine;
using rd::ssh::SshHost;
using rd::ssh::SshHostSettings;
using rd::test::SshAgent;
using rd::test::SshServer;

#define VERIFY_OK(result) QVERIFY2(result, qPrintable((result) ? QString() : (result).error().message))

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

} // namespace

class TestSsh : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    // Settings for `server` with a key file and a known_hosts file of our own.
    SshHostSettings settingsFor(const SshServer &server, const QString &identity, const QString &knownHosts)
    {
        SshHostSettings settings;
        settings.name = u"test-host"_s;
        settings.address = u"127.0.0.1"_s;
        settings.port = server.port();
        settings.user = server.user();
        settings.identity = identity;
        settings.knownHostsFiles = { knownHosts };
        settings.recordKnownHostsFile = knownHosts;
        settings.workspaceFile = u"/w/releasedeck.yaml"_s;
        settings.connectTimeout = std::chrono::seconds(20);
        return settings;
    }

    // A server, one authorized ed25519 key and a known_hosts file that vouches for the server.
    struct Setup
    {
        std::unique_ptr<SshServer> server;
        QString key;
        QString knownHosts;
    };
    Setup setup(const QString &hostKeyType = u"ed25519"_s)
    {
        Setup s;
        s.server = std::make_unique<SshServer>(hostKeyType);
        if (!s.server->isRunning())
            return s;
        s.key = s.server->makeClientKey(u"client_ed25519"_s, u"ed25519"_s);
        s.server->authorize(s.key);
        s.knownHosts = s.server->folder() + u"/known_hosts"_s;
        QFile file(s.knownHosts);
        if (file.open(QIODevice::WriteOnly))
            file.write(s.server->knownHostsLine().toUtf8() + '\n');
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // ~/.ssh/config and ~/.ssh/known_hosts are the user's: keep the tests away from them.
        QVERIFY(m_home.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qunsetenv("SSH_AUTH_SOCK");
        SshServer probe;
        if (!probe.isRunning())
            QSKIP(qPrintable(u"no sshd to test against: "_s + probe.error()));
    }

    void keyFileAndOutput()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        QList<OutputLine> lines;
        ExecOptions options;
        options.onLine = [&](const OutputLine &line) { lines.append(line); };
        options.environment = { { u"RD_VALUE"_s, u"it's $HOME `x` \"q\" ;|&"_s } };
        auto result = host.run(u"echo one; echo two >&2; printf '%s\\n' \"$RD_VALUE\"; exit 4"_s, options);
        VERIFY_OK(result);
        QCOMPARE(result->exitStatus, 4);
        QVERIFY(result->exitSignal.isEmpty());
        QCOMPARE(lines.size(), 3);
        QCOMPARE(result->stdoutBytes, qint64(4 + 23));
        QCOMPARE(result->stderrBytes, qint64(4));
        QStringList texts;
        for (const OutputLine &line : lines) {
            QVERIFY(line.time.isValid());
            if (line.stream == OutputLine::Stream::Stdout)
                texts.append(line.text);
        }
        QCOMPARE(texts, QStringList({ u"one"_s, u"it's $HOME `x` \"q\" ;|&"_s }));
        QVERIFY(host.displayName().contains(u"test-host"_s));
    }

    void exitSignal()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        auto result = host.run(u"kill -TERM $$"_s);
        VERIFY_OK(result);
        QCOMPARE(result->exitStatus, -1);
        QCOMPARE(result->exitSignal, u"TERM"_s);
    }

    void keyFilesWithPassphrase_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("ed25519") << u"ed25519"_s;
        QTest::newRow("ecdsa") << u"ecdsa"_s;
        QTest::newRow("rsa (SHA-2 signatures)") << u"rsa"_s;
    }
    void keyFilesWithPassphrase()
    {
        QFETCH(QString, type);
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        const QString key = s.server->makeClientKey(u"locked_"_s + type, type, u"correct horse"_s);
        QVERIFY(!key.isEmpty());
        QVERIFY(s.server->authorize(key));

        // from an environment variable
        qputenv("RD_TEST_PASSPHRASE", "correct horse");
        SshHostSettings settings = settingsFor(*s.server, u"file:"_s + key, s.knownHosts);
        settings.passphraseReference = u"env:RD_TEST_PASSPHRASE"_s;
        SshHost host(settings);
        auto result = host.run(u"echo ok"_s);
        VERIFY_OK(result);
        QCOMPARE(result->tailText(), u"ok"_s);

        // from a prompt
        settings.passphraseReference.clear();
        QStringList asked;
        settings.passphrasePrompt.ask = [&](const QString &, const QString &file) -> std::optional<QString> {
            asked.append(file);
            return u"correct horse"_s;
        };
        SshHost prompted(settings);
        auto viaPrompt = prompted.run(u"echo ok"_s);
        VERIFY_OK(viaPrompt);
        QCOMPARE(asked, QStringList{key});

        // a wrong passphrase fails, naming the file
        qputenv("RD_TEST_PASSPHRASE", "wrong");
        settings.passphraseReference = u"env:RD_TEST_PASSPHRASE"_s;
        SshHost wrong(settings);
        auto refused = wrong.run(u"echo ok"_s);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(key), qPrintable(refused.error().message));
    }

    void agent()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshAgent agent;
        QVERIFY(agent.isRunning());
        const QString stranger = s.server->makeClientKey(u"stranger"_s, u"ed25519"_s);
        // an unauthorized key first: the agent's keys are tried in turn
        QVERIFY(agent.add(stranger));
        QVERIFY(agent.add(s.key));
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(agent.socketPath()));
        SshHost host(settingsFor(*s.server, u"agent"_s, s.knownHosts));
        auto result = host.run(u"echo via agent"_s);
        qunsetenv("SSH_AUTH_SOCK");
        VERIFY_OK(result);
        QCOMPARE(result->tailText(), u"via agent"_s);

        // no agent at all
        SshHost noAgent(settingsFor(*s.server, u"agent"_s, s.knownHosts));
        auto refused = noAgent.run(u"true"_s);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"ssh-agent"_s), qPrintable(refused.error().message));
    }

    void wrongKey()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        const QString stranger = s.server->makeClientKey(u"stranger"_s, u"ed25519"_s);
        SshHost host(settingsFor(*s.server, u"file:"_s + stranger, s.knownHosts));
        auto result = host.run(u"true"_s);
        QVERIFY(!result);
        QCOMPARE(result.error().domain, rd::Error::Domain::Ssh);
        QVERIFY2(result.error().message.contains(u"authentication as"_s), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(stranger), qPrintable(result.error().message));

        SshHost missing(settingsFor(*s.server, u"file:/nonexistent/key"_s, s.knownHosts));
        auto noFile = missing.run(u"true"_s);
        QVERIFY(!noFile);
        QVERIFY2(noFile.error().message.contains(u"the key file /nonexistent/key"_s), qPrintable(noFile.error().message));
    }

    void unknownHostKey()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        const QString empty = s.server->folder() + u"/empty/known_hosts"_s;
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, empty));
        auto result = host.run(u"true"_s);
        QVERIFY(!result);
        const QString fingerprint = s.server->hostKeyFingerprint();
        QVERIFY(fingerprint.startsWith(u"SHA256:"_s));
        QVERIFY2(result.error().message.contains(fingerprint), qPrintable(result.error().message + u" / "_s + fingerprint));
        QVERIFY2(result.error().message.contains(u"ED25519"_s), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(u"releasedeck-cli -w /w/releasedeck.yaml trust test-host"_s),
            qPrintable(result.error().message));
        QVERIFY(!QFile::exists(empty));

        // The GUI's "yes": recorded, and the next connection needs no question.
        SshHostSettings settings = settingsFor(*s.server, u"file:"_s + s.key, empty);
        QString askedFingerprint;
        settings.unknownHostKey.ask = [&](const QString &, const QString &, const QString &fp) {
            askedFingerprint = fp;
            return true;
        };
        SshHost trusting(settings);
        auto trusted = trusting.run(u"echo in"_s);
        VERIFY_OK(trusted);
        QCOMPARE(askedFingerprint, fingerprint);
        SshHost later(settingsFor(*s.server, u"file:"_s + s.key, empty));
        auto again = later.run(u"echo again"_s);
        VERIFY_OK(again);

        // fetchHostKey (what `trust` shows) agrees with ssh-keygen
        auto key = SshHost::fetchHostKey(u"127.0.0.1"_s, s.server->port());
        VERIFY_OK(key);
        QCOMPARE(key->fingerprint(), fingerprint);
    }

    void changedHostKey()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        // the entry is on line 3, after a comment and another host
        writeFile(s.knownHosts, "# known hosts\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
                + s.server->knownHostsLine().toUtf8() + '\n');
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        VERIFY_OK(host.run(u"true"_s));
        QVERIFY(s.server->changeHostKey());
        SshHost after(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        SshHostSettings asking = settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts);
        bool asked = false;
        asking.unknownHostKey.ask = [&](const QString &, const QString &, const QString &) { return asked = true; };
        for (SshHost *candidate : { &after, new SshHost(asking) }) {
            auto result = candidate->run(u"true"_s);
            QVERIFY(!result);
            QVERIFY2(result.error().message.contains(u"CHANGED"_s), qPrintable(result.error().message));
            QVERIFY2(result.error().message.contains(s.knownHosts + u":3"_s), qPrintable(result.error().message));
            QVERIFY2(result.error().message.contains(s.server->hostKeyFingerprint()), qPrintable(result.error().message));
            if (candidate != &after)
                delete candidate;
        }
        QVERIFY(!asked);   // no "trust it anyway" for a changed key
    }

    void hashedKnownHosts()
    {
        Setup s = setup(u"ecdsa"_s);
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        bool ok = false;
        rd::test::runSshTool(u"ssh-keygen"_s, { u"-H"_s, u"-f"_s, s.knownHosts }, &ok);
        QVERIFY(ok);
        QFile file(s.knownHosts);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.startsWith("|1|"), text.constData());
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        auto result = host.run(u"echo hashed"_s);
        VERIFY_OK(result);
    }

    // The server offers ECDSA and ed25519; libssh2 would pick ECDSA, but only ed25519 is on
    // record: the preference must follow known_hosts, or a known host looks unknown.
    void hostKeyTypeFollowsKnownHosts()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        QVERIFY(s.server->addHostKey(u"ecdsa"_s));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        auto result = host.run(u"echo ok"_s);
        VERIFY_OK(result);
    }

    void hostileKnownHosts()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        QByteArray garbage = "garbage\n\x01\x02\xff\xfe binary\n@weird marker line\n|1|bad|hash ssh-ed25519 AAAA\n"
                             "[127.0.0.1]:1 ssh-ed25519 !!!notbase64!!!\n";
        garbage += QByteArray(200'000, 'x') + '\n';
        garbage += s.server->knownHostsLine().toUtf8() + '\n';
        writeFile(s.knownHosts, garbage);
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        auto result = host.run(u"echo fine"_s);
        VERIFY_OK(result);
    }

    // 50 MB on each stream at once over one channel: counts exact, the tail stays bounded.
    void hugeInterleavedOutput()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        ExecOptions options;
        options.tailLines = 50;
        qint64 outLines = 0, errLines = 0;
        bool allFull = true;
        options.onLine = [&](const OutputLine &line) {
            (line.stream == OutputLine::Stream::Stdout ? outLines : errLines)++;
            allFull = allFull && line.text.size() == 99;
        };
        const QString line = QString(u"0123456789"_s.repeated(10)).left(99);
        auto result = host.run(
            u"(yes %1 | head -c 50000000) & (yes %1 | head -c 50000000 >&2); wait"_s.arg(line), options);
        VERIFY_OK(result);
        QVERIFY(result->succeeded());
        QCOMPARE(result->stdoutBytes, qint64(50'000'000));
        QCOMPARE(result->stderrBytes, qint64(50'000'000));
        QCOMPARE(outLines, qint64(500'000));
        QCOMPARE(errLines, qint64(500'000));
        QVERIFY(allFull);
        QCOMPARE(result->tail.size(), 50);
    }

    void timeoutThenReuse()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        ExecOptions options;
        options.timeout = std::chrono::milliseconds(800);
        auto result = host.run(u"echo started; sleep 600"_s, options);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"did not finish within 800 ms"_s), qPrintable(result.error().message));
        auto next = host.run(u"echo next"_s);
        VERIFY_OK(next);
        QCOMPARE(next->tailText(), u"next"_s);
    }

    void cancelFromAnotherThread()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        auto result = rd::test::runCancelledAfterFirstLine(host, u"echo ready; while :; do sleep 1; done"_s);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"cancelled"_s), qPrintable(result.error().message));
    }

    void serverKilledMidCommand()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        ExecOptions options;
        options.timeout = std::chrono::minutes(2);  // a hang would show as this timeout, not as the expected error
        SshServer *server = s.server.get();
        options.onLine = [server](const OutputLine &) { server->kill(); };
        auto result = host.run(u"echo started; sleep 600"_s, options);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"connection"_s) && result.error().message.contains(u"lost"_s),
            qPrintable(result.error().message));
        // and the next command says the server is gone
        auto next = host.run(u"true"_s);
        QVERIFY(!next);
        QVERIFY2(next.error().message.contains(u"refused the connection"_s), qPrintable(next.error().message));
    }

    void sessionReuseAndReconnect()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        SshHost host(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        for (int i = 0; i < 20; ++i) {
            auto result = host.run(u"echo %1"_s.arg(i));
            VERIFY_OK(result);
            QCOMPARE(result->tailText(), QString::number(i));
        }
        QCOMPARE(host.connectionCount(), 1);
        QCOMPARE(s.server->acceptedLogins(), 1);

        // the server restarts between two commands: one reconnection, the command runs once
        QVERIFY(s.server->restart());
        auto after = host.run(u"echo after"_s);
        VERIFY_OK(after);
        QCOMPARE(after->tailText(), u"after"_s);
        QCOMPARE(host.connectionCount(), 2);

        // concurrent callers take turns on the one connection
        std::atomic_int good = 0;
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&host, &good, i] {
                auto result = host.run(u"echo %1"_s.arg(i));
                if (result && result->tailText() == QString::number(i))
                    ++good;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(good.load(), 4);
        QCOMPARE(host.connectionCount(), 2);
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            SshServer gone;
            QVERIFY2(gone.isRunning(), qPrintable(gone.error()));
            port = gone.port();
        }
        SshHostSettings settings;
        settings.name = u"gone"_s;
        settings.address = u"127.0.0.1"_s;
        settings.port = port;
        settings.user = u"root"_s;
        SshHost host(settings);
        auto result = host.run(u"true"_s);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"127.0.0.1:%1 refused the connection"_s.arg(port)),
            qPrintable(result.error().message));
    }

    // releasedeck-cli trust: a wrong fingerprint is refused, the right one recorded in the
    // workspace's known_hosts, a second trust says so, a changed key is never recorded.
    void trustCommand()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        QTemporaryDir dir;
        const QString file = dir.filePath(u"releasedeck.yaml"_s);
        writeFile(file, u"version: 1\nhosts:\n  box: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%3\"}\n"
                        "  here: {local: true}\nenvironments: [{name: dev}]\n"_s.arg(s.server->port()).arg(s.server->user(), s.key).toUtf8());
        const QString cli = rd::test::binaryPath(u"releasedeck-cli"_s);
        const QString fingerprint = s.server->hostKeyFingerprint();

        auto wrong = rd::test::runProcess(cli, { u"-w"_s, file, u"trust"_s, u"box"_s, u"--fingerprint"_s, u"SHA256:AAAA"_s });
        QVERIFY2(wrong.finished && wrong.exitCode == 1, qPrintable(wrong.describe()));
        QVERIFY2(wrong.err.contains(fingerprint), qPrintable(wrong.describe()));
        const QString recorded = dir.filePath(u".releasedeck/known_hosts"_s);
        QVERIFY(!QFile::exists(recorded));

        auto local = rd::test::runProcess(cli, { u"-w"_s, file, u"trust"_s, u"here"_s });
        QVERIFY2(local.exitCode == 2, qPrintable(local.describe()));

        auto good = rd::test::runProcess(cli, { u"-w"_s, file, u"trust"_s, u"box"_s, u"--fingerprint"_s, fingerprint });
        QVERIFY2(good.finished && good.exitCode == 0, qPrintable(good.describe()));
        QVERIFY2(good.out.contains(fingerprint) && good.out.contains(recorded), qPrintable(good.describe()));
        auto again = rd::test::runProcess(cli, { u"-w"_s, file, u"trust"_s, u"box"_s });
        QVERIFY2(again.exitCode == 0 && again.out.contains(u"already trusted"_s), qPrintable(again.describe()));

        // the recorded key lets HostPool's host in
        auto workspace = rd::config::Workspace{};
        workspace.file = file;
        rd::config::Host spec;
        spec.name = u"box"_s;
        spec.address = u"127.0.0.1"_s;
        spec.port = s.server->port();
        spec.portSet = true;
        spec.user = s.server->user();
        spec.identity = u"file:"_s + s.key;
        workspace.hosts.append(spec);
        rd::ssh::HostPool pool(workspace);
        auto host = pool.host(u"box"_s);
        VERIFY_OK(host);
        VERIFY_OK((*host)->run(u"true"_s));

        QVERIFY(s.server->changeHostKey());
        auto changed = rd::test::runProcess(cli, { u"-w"_s, file, u"trust"_s, u"box"_s });
        QVERIFY2(changed.exitCode == 1 && changed.err.contains(recorded + u":1"_s), qPrintable(changed.describe()));
    }

    // Health command checks on an SSH host, through the shared host: one login for both.
    void healthChecksOverSsh()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        QTemporaryDir dir;
        const QString file = dir.filePath(u"releasedeck.yaml"_s);
        writeFile(file, u"version: 1\nhosts:\n  box: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%3\", "
                        "known_hosts: \"%4\"}\nenvironments:\n  - name: prod\n    health:\n"
                        "      - {name: alive, command: \"test -d /\", host: box}\n"
                        "      - {name: broken, command: \"echo nope >&2; exit 3\", host: box}\n"_s
                            .arg(s.server->port()).arg(s.server->user(), s.key, s.knownHosts).toUtf8());
        auto workspace = rd::config::loadWorkspace(file);
        QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
        const QList<rd::health::CheckSpec> specs = rd::health::checkSpecs(*workspace);
        QCOMPARE(specs.size(), 2);
        QObject context;
        rd::health::NetworkPool network(&context);
        QHash<QString, rd::health::CheckResult> results;
        for (const rd::health::CheckSpec &spec : specs) {
            QCOMPARE(spec.kind, rd::health::CheckSpec::Kind::Command);
            rd::health::runCheck(spec, network, &context,
                [&results, name = spec.name](const rd::health::CheckResult &result) { results.insert(name, result); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 60'000);
        QVERIFY2(results.value(u"alive"_s).passed(), qPrintable(results.value(u"alive"_s).error));
        QVERIFY(!results.value(u"broken"_s).passed());
        QCOMPARE(s.server->acceptedLogins(), 1);
    }

    // runAsync: the result arrives on the context's thread; destroying the context cancels
    // the command (the host is free again at once) and nothing is delivered.
    void asyncRunAndContextDeath()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        auto host = std::make_shared<SshHost>(settingsFor(*s.server, u"file:"_s + s.key, s.knownHosts));
        QObject context;
        QString got;
        QThread *deliveredOn = nullptr;
        rd::ssh::runAsync(host, u"echo async"_s, {}, &context, [&](const rd::Result<rd::ssh::ExecResult> &result) {
            got = result ? result->tailText() : result.error().message;
            deliveredOn = QThread::currentThread();
        });
        QTRY_COMPARE_WITH_TIMEOUT(got, u"async"_s, 30'000);
        QCOMPARE(deliveredOn, QThread::currentThread());

        bool called = false;
        auto *doomed = new QObject;
        std::atomic_bool started = false;
        rd::ssh::ExecOptions options;
        options.onLine = [&started](const OutputLine &) { started = true; };
        rd::ssh::runAsync(host, u"echo go; sleep 600"_s, options, doomed,
                          [&called](const rd::Result<rd::ssh::ExecResult> &) { called = true; });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 30'000);
        delete doomed;
        // the cancelled command releases the host: this one runs (well within the 10 minutes)
        auto next = host->run(u"echo free"_s);
        VERIFY_OK(next);
        QCOMPARE(next->tailText(), u"free"_s);
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }

    // The workspace path: HostPool, ~/.ssh/config's HostName/Port/IdentityFile for an alias,
    // and the workspace's own known_hosts file.
    void hostPoolWithSshConfig()
    {
        Setup s = setup();
        QVERIFY2(s.server->isRunning(), qPrintable(s.server->error()));
        QTemporaryDir workspaceDir;
        writeFile(m_home.filePath(u".ssh/config"_s),
            u"Host other\n  Port 1\n\nHost deploy-box\n  HostName 127.0.0.1\n  Port %1\n  IdentityFile %2\n"
            "  ForwardAgent yes\n\nHost *\n  Port 2\n"_s.arg(s.server->port()).arg(s.key).toUtf8());
        writeFile(workspaceDir.filePath(u".releasedeck/known_hosts"_s), s.server->knownHostsLine().toUtf8() + '\n');

        rd::config::Workspace workspace;
        workspace.file = workspaceDir.filePath(u"releasedeck.yaml"_s);
        rd::config::Host spec;
        spec.name = u"box"_s;
        spec.address = u"deploy-box"_s;
        spec.user = s.server->user();
        workspace.hosts.append(spec);
        rd::ssh::HostPool pool(workspace);
        auto host = pool.host(u"box"_s);
        VERIFY_OK(host);
        auto result = (*host)->run(u"echo pooled"_s);
        QFile::remove(m_home.filePath(u".ssh/config"_s));
        VERIFY_OK(result);
        QCOMPARE(result->tailText(), u"pooled"_s);
        auto *ssh = dynamic_cast<SshHost *>(host->get());
        QVERIFY(ssh);
        QVERIFY2(ssh->notes().join(u' ').contains(u"ForwardAgent"_s), qPrintable(ssh->notes().join(u' ')));
    }
};

QTEST_GUILESS_MAIN(TestSsh)
#include "tst_ssh.moc"
