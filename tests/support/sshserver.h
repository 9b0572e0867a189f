// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace rd::test {

// A real OpenSSH sshd (Debian openssh-server) on 127.0.0.1 at a free port, run in the
// foreground (-D) from a temporary folder with its own host key, authorized_keys and log, for
// integration tests. Logins are as the user running the tests (root in the build root: key
// logins only). Client keys are made with ssh-keygen. The server and every per-connection
// process it forked are killed and reaped in the destructor (or at once with kill()).
class SshServer
{
public:
    // `hostKeyType`: an ssh-keygen -t value ("ed25519", "ecdsa", "rsa").
    explicit SshServer(const QString &hostKeyType = QStringLiteral("ed25519"));
    ~SshServer();
    SshServer(const SshServer &) = delete;
    SshServer &operator=(const SshServer &) = delete;

    bool isRunning() const;
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    QString user() const;                // the login name (this process's user)
    QString folder() const { return m_dir.path(); }

    // A new key pair in the server's folder; returns the private key's path ("" on failure).
    QString makeClientKey(const QString &name, const QString &type, const QString &passphrase = {});
    // Lets `privateKeyPath`'s public half log in.
    bool authorize(const QString &privateKeyPath);

    // "[127.0.0.1]:PORT ssh-ed25519 AAAA…", as known_hosts holds it.
    QString knownHostsLine() const;
    // What `ssh-keygen -lf` prints for the host key: "SHA256:…".
    QString hostKeyFingerprint() const;
    // Replaces the host key with a new one of the same type and restarts on the same port
    // (the "server was reinstalled" or "someone intercepts" case).
    bool changeHostKey();
    // Stops and starts again on the same port with the same key (connections are cut).
    bool restart();
    // Gives the server a second host key of `type` (restarting it); knownHostsLine() and
    // hostKeyFingerprint() still describe the first.
    bool addHostKey(const QString &type);

    // Connections that logged in, counted from sshd's log.
    int acceptedLogins() const;
    QString log() const;

    // SIGKILL to sshd and to every process it forked (the sessions): the server dies mid-command.
    void kill();

private:
    bool start();
    void stop(int signal);

    QTemporaryDir m_dir;
    QString m_hostKeyType;
    QStringList m_extraHostKeys;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

// A real ssh-agent on a socket in a temporary folder, run in the foreground (-D) and stopped
// by PID in the destructor.
class SshAgent
{
public:
    SshAgent();
    ~SshAgent();
    SshAgent(const SshAgent &) = delete;
    SshAgent &operator=(const SshAgent &) = delete;

    bool isRunning() const;
    QString socketPath() const;
    // ssh-add `privateKeyPath` (no passphrase).
    bool add(const QString &privateKeyPath);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
};

// Runs a tool to the end (30 s at most); its stdout, or an empty string with `ok` false.
QByteArray runSshTool(const QString &program, const QStringList &arguments, bool *ok = nullptr,
                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

} // namespace rd::test
