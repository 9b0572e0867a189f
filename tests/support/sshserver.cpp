// SPDX-License-Identifier: GPL-3.0-or-later
#include "sshserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QThread>
#include <csignal>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::test {

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool writeFile(const QString &path, const QByteArray &bytes, bool append = false)
{
    QFile file(path);
    if (!file.open(append ? QIODevice::Append : (QIODevice::WriteOnly | QIODevice::Truncate)))
        return false;
    return file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every process whose parent chain leads to `root`, deepest first.
QList<pid_t> descendants(pid_t root)
{
    QHash<pid_t, QList<pid_t>> children;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const pid_t pid = pid_t(entry.toInt(&ok));
        if (!ok)
            continue;
        const QByteArray stat = readFile(u"/proc/%1/stat"_s.arg(entry));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1)
            children[pid_t(fields.at(1).toInt())].append(pid);
    }
    QList<pid_t> result;
    std::function<void(pid_t)> walk = [&](pid_t pid) {
        for (pid_t child : children.value(pid)) {
            walk(child);
            result.append(child);
        }
    };
    walk(root);
    return result;
}

} // namespace

QByteArray runSshTool(const QString &program, const QStringList &arguments, bool *ok, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    bool good = process.waitForStarted(10'000);
    if (good) {
        process.closeWriteChannel();
        good = process.waitForFinished(30'000);
        if (!good) {
            process.kill();
            process.waitForFinished(5'000);
        }
    }
    good = good && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (ok)
        *ok = good;
    return good ? process.readAllStandardOutput() : QByteArray();
}

SshServer::SshServer(const QString &hostKeyType)
    : m_hostKeyType(hostKeyType)
{
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary folder"_s;
        return;
    }
    bool ok = false;
    runSshTool(u"ssh-keygen"_s, { u"-q"_s, u"-t"_s, m_hostKeyType, u"-N"_s, QString(), u"-f"_s, m_dir.filePath(u"host_key"_s) }, &ok);
    if (!ok) {
        m_error = u"ssh-keygen could not make a host key"_s;
        return;
    }
    writeFile(m_dir.filePath(u"authorized_keys"_s), {});
    QDir().mkpath(u"/run/sshd"_s);
    for (int attempt = 0; attempt < 3 && !isRunning(); ++attempt) {
        m_error.clear();
        m_port = freePort();
        start();
    }
}

SshServer::~SshServer()
{
    stop(SIGTERM);
}

bool SshServer::start()
{
    const QString config = u"Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\nAuthorizedKeysFile %4\n"
                           "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                           "PermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\nMaxAuthTries 6\n"
                           "LogLevel INFO\nMaxStartups 100\n"_s
                               .arg(m_port)
                               .arg(m_dir.filePath(u"host_key"_s), m_dir.filePath(u"sshd.pid"_s),
                                   m_dir.filePath(u"authorized_keys"_s));
    QString extra;
    for (const QString &key : std::as_const(m_extraHostKeys))
        extra += u"HostKey "_s + key + u'\n';
    writeFile(m_dir.filePath(u"sshd_config"_s), (config + extra).toUtf8());
    const QString listening = u"Server listening on 127.0.0.1 port %1."_s.arg(m_port);
    const qsizetype listenedBefore = log().count(listening);   // a restart appends to the same log
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(u"/usr/sbin/sshd"_s,
        { u"-D"_s, u"-f"_s, m_dir.filePath(u"sshd_config"_s), u"-E"_s, m_dir.filePath(u"sshd.log"_s) });
    if (!m_process->waitForStarted(10'000)) {
        m_error = u"/usr/sbin/sshd did not start: "_s + m_process->errorString();
        m_process.reset();
        return false;
    }
    const QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            m_error = u"sshd exited at once: "_s + QString::fromUtf8(readFile(m_dir.filePath(u"sshd.log"_s)));
            m_process.reset();
            return false;
        }
        // sshd logs this once it listens; a probe connection would leave a session process
        // behind that outlives a short-lived server's folder.
        if (log().count(listening) > listenedBefore)
            return true;
        QThread::msleep(20);
    }
    m_error = u"sshd did not listen within 10 s"_s;
    stop(SIGKILL);
    return false;
}

void SshServer::stop(int signal)
{
    if (!m_process)
        return;
    const pid_t pid = pid_t(m_process->processId());
    if (pid > 0) {
        // The sessions first (they are not in sshd's process group), then the listener.
        for (pid_t child : descendants(pid))
            ::kill(child, signal);
        ::kill(pid, signal);
    }
    if (!m_process->waitForFinished(5'000)) {
        m_process->kill();
        m_process->waitForFinished(5'000);
    }
    m_process.reset();
}

void SshServer::kill()
{
    stop(SIGKILL);
}

bool SshServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString SshServer::user() const
{
    const QString name = qEnvironmentVariable("USER");
    return name.isEmpty() ? u"root"_s : name;
}

QString SshServer::makeClientKey(const QString &name, const QString &type, const QString &passphrase)
{
    const QString path = m_dir.filePath(name);
    bool ok = false;
    runSshTool(u"ssh-keygen"_s, { u"-q"_s, u"-t"_s, type, u"-N"_s, passphrase, u"-C"_s, name, u"-f"_s, path }, &ok);
    return ok ? path : QString();
}

bool SshServer::authorize(const QString &privateKeyPath)
{
    const QByteArray key = readFile(privateKeyPath + u".pub"_s);
    return !key.isEmpty() && writeFile(m_dir.filePath(u"authorized_keys"_s), key, true);
}

QString SshServer::knownHostsLine() const
{
    const QList<QByteArray> fields = readFile(m_dir.filePath(u"host_key.pub"_s)).trimmed().split(' ');
    if (fields.size() < 2)
        return {};
    return u"[127.0.0.1]:%1 %2 %3"_s.arg(m_port).arg(QString::fromLatin1(fields.at(0)), QString::fromLatin1(fields.at(1)));
}

QString SshServer::hostKeyFingerprint() const
{
    const QList<QByteArray> fields =
        runSshTool(u"ssh-keygen"_s, { u"-lf"_s, m_dir.filePath(u"host_key.pub"_s) }).trimmed().split(' ');
    return fields.size() > 1 ? QString::fromLatin1(fields.at(1)) : QString();
}

bool SshServer::changeHostKey()
{
    stop(SIGTERM);
    QFile::remove(m_dir.filePath(u"host_key"_s));
    QFile::remove(m_dir.filePath(u"host_key.pub"_s));
    bool ok = false;
    runSshTool(u"ssh-keygen"_s, { u"-q"_s, u"-t"_s, m_hostKeyType, u"-N"_s, QString(), u"-f"_s, m_dir.filePath(u"host_key"_s) }, &ok);
    return ok && start();
}

bool SshServer::restart()
{
    stop(SIGTERM);
    return start();
}

bool SshServer::addHostKey(const QString &type)
{
    const QString path = m_dir.filePath(u"host_key_"_s + type);
    bool ok = false;
    runSshTool(u"ssh-keygen"_s, { u"-q"_s, u"-t"_s, type, u"-N"_s, QString(), u"-f"_s, path }, &ok);
    if (!ok)
        return false;
    m_extraHostKeys.append(path);
    return restart();
}

QString SshServer::log() const
{
    return QString::fromUtf8(readFile(m_dir.filePath(u"sshd.log"_s)));
}

int SshServer::acceptedLogins() const
{
    return int(log().count(u"Accepted publickey for"_s));
}

SshAgent::SshAgent()
{
    if (!m_dir.isValid())
        return;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(u"ssh-agent"_s, { u"-D"_s, u"-a"_s, socketPath() });
    if (!m_process->waitForStarted(10'000)) {
        m_process.reset();
        return;
    }
    const QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired() && !QFile::exists(socketPath()))
        QThread::msleep(20);
}

SshAgent::~SshAgent()
{
    if (m_process) {
        m_process->terminate();
        if (!m_process->waitForFinished(5'000)) {
            m_process->kill();
            m_process->waitForFinished(5'000);
        }
    }
}

bool SshAgent::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running && QFile::exists(socketPath());
}

QString SshAgent::socketPath() const
{
    return m_dir.filePath(u"agent.sock"_s);
}

bool SshAgent::add(const QString &privateKeyPath)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SSH_AUTH_SOCK"_s, socketPath());
    bool ok = false;
    runSshTool(u"ssh-add"_s, { u"-q"_s, privateKeyPath }, &ok, environment);
    return ok;
}

} // namespace rd::test
