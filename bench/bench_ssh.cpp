// SPDX-License-Identifier: GPL-3.0-or-later
// SshHost against the OpenSSH client, both talking to a real sshd on loopback, in the same run:
// 20 short commands (`true`) through one SshHost (one connection, reused) against 20
// invocations of `ssh … true` (a new connection each), and the throughput of a 100 MB output
// stream read by SshHost (line splitting, tail kept) against `ssh … cat` into /dev/null.
// Prints figures only. BENCH_SSH_MB scales the stream down.
#include "sshserver.h"

#include "ssh/sshhost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

bool runSsh(const QStringList &arguments, QProcess::ProcessChannelMode mode = QProcess::SeparateChannels)
{
    QProcess process;
    process.setProcessChannelMode(mode);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(u"ssh"_s, arguments);
    if (!process.waitForFinished(300'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return false;
    }
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    rd::test::SshServer server;
    if (!server.isRunning()) {
        out() << "bench_ssh: no sshd: " << server.error() << Qt::endl;
        return 1;
    }
    const QString key = server.makeClientKey(u"bench_ed25519"_s, u"ed25519"_s);
    server.authorize(key);
    const QString knownHosts = server.folder() + u"/known_hosts"_s;
    {
        QFile file(knownHosts);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        file.write(server.knownHostsLine().toUtf8() + '\n');
    }
    rd::ssh::SshHostSettings settings;
    settings.name = u"bench"_s;
    settings.address = u"127.0.0.1"_s;
    settings.port = server.port();
    settings.user = server.user();
    settings.identity = u"file:"_s + key;
    settings.knownHostsFiles = { knownHosts };
    const QStringList sshBase { u"-q"_s, u"-i"_s, key, u"-o"_s, u"UserKnownHostsFile="_s + knownHosts,
        u"-o"_s, u"StrictHostKeyChecking=yes"_s, u"-o"_s, u"BatchMode=yes"_s, u"-o"_s, u"IdentitiesOnly=yes"_s,
        u"-F"_s, u"/dev/null"_s, u"-p"_s, QString::number(server.port()), server.user() + u"@127.0.0.1"_s };

    constexpr int Commands = 20;
    out() << "bench_ssh: sshd on 127.0.0.1:" << server.port() << Qt::endl;

    // 20 short commands
    rd::ssh::SshHost host(settings);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Commands; ++i) {
        auto result = host.run(u"true"_s);
        if (!result || !result->succeeded()) {
            out() << "SshHost failed: " << (result ? u"exit status"_s : result.error().message) << Qt::endl;
            return 1;
        }
    }
    const double oursMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    for (int i = 0; i < Commands; ++i) {
        if (!runSsh(sshBase + QStringList{ u"true"_s })) {
            out() << "ssh failed" << Qt::endl;
            return 1;
        }
    }
    const double opensshMs = double(timer.nsecsElapsed()) / 1e6;
    out() << Qt::fixed;
    out().setRealNumberPrecision(1);
    out() << "20 × `true`: SshHost (reused session, " << host.connectionCount() << " connection) " << oursMs
          << " ms (" << oursMs / Commands << " ms each); OpenSSH client (20 connections) " << opensshMs << " ms ("
          << opensshMs / Commands << " ms each); ratio ssh/SshHost " << opensshMs / oursMs << "×" << Qt::endl;

    // a 100 MB stream
    const qint64 megabytes = qEnvironmentVariableIntValue("BENCH_SSH_MB") > 0 ? qEnvironmentVariableIntValue("BENCH_SSH_MB") : 100;
    const qint64 bytes = megabytes * 1000 * 1000;
    const QString stream = qEnvironmentVariableIsSet("BENCH_SSH_ZEROS") ? u"head -c %1 /dev/zero"_s.arg(bytes) : u"yes 0123456789012345678901234567890123456789012345678901234567890123456789 | head -c %1"_s.arg(bytes);
    rd::ssh::ExecOptions options;
    options.tailLines = 1000;
    options.timeout = std::chrono::minutes(10);
    timer.restart();
    auto result = host.run(stream, options);
    const double oursS = double(timer.nsecsElapsed()) / 1e9;
    if (!result || result->stdoutBytes != bytes) {
        out() << "SshHost stream failed: " << (result ? u"wrong byte count"_s : result.error().message) << Qt::endl;
        return 1;
    }
    timer.restart();
    if (!runSsh(sshBase + QStringList{ stream })) {
        out() << "ssh stream failed" << Qt::endl;
        return 1;
    }
    const double opensshS = double(timer.nsecsElapsed()) / 1e9;
    const double mb = double(bytes) / 1e6;
    out() << megabytes << " MB stream: SshHost " << mb / oursS << " MB/s (" << oursS << " s, lines split, tail kept); "
          << "ssh … > /dev/null " << mb / opensshS << " MB/s (" << opensshS << " s); throughput ratio SshHost/ssh "
          << opensshS / oursS << Qt::endl;
    return 0;
}
