// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/sshhost.h"

#include "ssh/execenvironment.h"
#include "ssh/hosttrust.h"
#include "ssh/libssh2.h"
#include "ssh/outputsink.h"
#include "secrets/secretreference.h"
#include "util/shellcommand.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace rd::ssh {

namespace {

enum class Interrupt { None, Timeout, Cancelled };

// How long a stage may still take, and whether the caller gave up.
struct Budget
{
    Clock::time_point deadline;
    const std::atomic_bool *cancel = nullptr;

    Interrupt check() const
    {
        if (cancel && cancel->load())
            return Interrupt::Cancelled;
        if (Clock::now() >= deadline)
            return Interrupt::Timeout;
        return Interrupt::None;
    }
    // At most 100 ms, so cancellation is noticed promptly.
    int pollMs() const
    {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        return int(std::clamp<long long>(left, 0, 100));
    }
};

Budget budgetFor(std::chrono::milliseconds duration, const std::atomic_bool *cancel)
{
    return Budget{Clock::now() + duration, cancel};
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

bool isConnectionLost(int rc)
{
    return rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_SOCKET_RECV || rc == LIBSSH2_ERROR_SOCKET_DISCONNECT
        || rc == LIBSSH2_ERROR_SOCKET_NONE || rc == LIBSSH2_ERROR_SOCKET_TIMEOUT || rc == LIBSSH2_ERROR_BANNER_RECV;
}

// The host-key algorithms to accept: the ones on record (libssh2 would otherwise prefer ECDSA
// and then report a key that known_hosts holds under another type as unknown).
QByteArray hostKeyMethods(const QStringList &typesOnRecord)
{
    static const QList<QByteArray> all { "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256" };
    QList<QByteArray> methods;
    for (const QString &type : typesOnRecord) {
        if (type == u"ssh-rsa") {
            methods << "rsa-sha2-512" << "rsa-sha2-256";
        } else if (all.contains(type.toLatin1())) {
            methods << type.toLatin1();
        }
    }
    return (methods.isEmpty() ? all : methods).join(',');
}

QString hostKeyTypeName(int type)
{
    switch (type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA: return u"ssh-rsa"_s;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return u"ecdsa-sha2-nistp256"_s;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return u"ecdsa-sha2-nistp384"_s;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return u"ecdsa-sha2-nistp521"_s;
    case LIBSSH2_HOSTKEY_TYPE_ED25519: return u"ssh-ed25519"_s;
    default: return {};
    }
}

// Waits (at most budget.pollMs()) until the socket is ready the way libssh2 is blocked on it.
void waitSocket(LIBSSH2_SESSION *session, int fd, const Budget &budget)
{
    const int directions = libssh2_session_block_directions(session);
    pollfd p{fd, 0, 0};
    if (directions & LIBSSH2_SESSION_BLOCK_INBOUND)
        p.events |= POLLIN;
    if (directions & LIBSSH2_SESSION_BLOCK_OUTBOUND)
        p.events |= POLLOUT;
    if (p.events == 0)
        p.events = POLLIN;
    ::poll(&p, 1, budget.pollMs());
}

Result<lib::Socket> connectTcp(const QString &address, int port, const Budget &budget, const QString &where,
    std::chrono::milliseconds timeout)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray node = address.toUtf8();
    const QByteArray service = QByteArray::number(port);
    if (const int rc = ::getaddrinfo(node.constData(), service.constData(), &hints, &found); rc != 0) {
        return fail(Error::Domain::Ssh,
            u"cannot find the address of %1: %2"_s.arg(address, QString::fromLocal8Bit(gai_strerror(rc))));
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
    int lastError = ECONNREFUSED;
    for (addrinfo *ai = addresses.get(); ai; ai = ai->ai_next) {
        lib::Socket socket(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
        if (!socket.isOpen()) {
            lastError = errno;
            continue;
        }
        int one = 1;
        // Short commands are latency-bound: do not let Nagle hold back small packets.
        ::setsockopt(socket.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(socket.get(), ai->ai_addr, ai->ai_addrlen) == 0)
            return socket;
        if (errno != EINPROGRESS) {
            lastError = errno;
            continue;
        }
        while (true) {
            if (const Interrupt why = budget.check(); why != Interrupt::None) {
                if (why == Interrupt::Cancelled)
                    return fail(Error::Domain::Ssh, u"connecting to %1 was cancelled"_s.arg(where));
                return fail(Error::Domain::Ssh,
                    u"connecting to %1 timed out after %2"_s.arg(where, describeDuration(timeout)));
            }
            pollfd p{socket.get(), POLLOUT, 0};
            if (::poll(&p, 1, budget.pollMs()) > 0)
                break;
        }
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length);
        if (error == 0)
            return socket;
        lastError = error;
    }
    if (lastError == ECONNREFUSED)
        return fail(Error::Domain::Ssh, u"%1 refused the connection (no SSH server listens there)"_s.arg(where));
    return fail(Error::Domain::Ssh, u"cannot connect to %1: %2"_s.arg(where, systemError(lastError)));
}

QString interruptedMessage(Interrupt why, const QString &stage, const QString &where, std::chrono::milliseconds timeout)
{
    if (why == Interrupt::Cancelled)
        return u"%1 with %2 was cancelled"_s.arg(stage, where);
    return u"%1 with %2 timed out after %3"_s.arg(stage, where, describeDuration(timeout));
}

} // namespace

struct SshHost::Connection
{
    lib::Socket socket;     // declared first: closed after the session is freed
    lib::Session session;

    LIBSSH2_SESSION *get() const { return session.get(); }

    // Calls `call` until it stops asking to be called again, waiting on the socket in between.
    template<typename Call>
    int pump(const Budget &budget, Interrupt &why, Call &&call)
    {
        while (true) {
            const int rc = call();
            if (rc != LIBSSH2_ERROR_EAGAIN)
                return rc;
            why = budget.check();
            if (why != Interrupt::None)
                return rc;
            waitSocket(session.get(), socket.get(), budget);
        }
    }
    // The same for libssh2 calls that return a pointer (null and EAGAIN: call again).
    template<typename Call>
    auto pumpPointer(const Budget &budget, Interrupt &why, Call &&call) -> decltype(call())
    {
        while (true) {
            auto pointer = call();
            if (pointer || libssh2_session_last_errno(session.get()) != LIBSSH2_ERROR_EAGAIN)
                return pointer;
            why = budget.check();
            if (why != Interrupt::None)
                return pointer;
            waitSocket(session.get(), socket.get(), budget);
        }
    }
};

namespace {

// TCP, then the SSH handshake accepting only `hostKeyTypes` (empty: any we support).
Result<std::unique_ptr<SshHost::Connection>> openConnection(const QString &address, int port,
    const QStringList &hostKeyTypes, std::chrono::milliseconds timeout, const std::atomic_bool *cancel)
{
    lib::ensureInitialized();
    const QString where = u"%1:%2"_s.arg(address).arg(port);
    const Budget budget = budgetFor(timeout, cancel);
    auto socket = connectTcp(address, port, budget, where, timeout);
    if (!socket)
        return std::unexpected(socket.error());
    auto connection = std::make_unique<SshHost::Connection>();
    connection->socket = std::move(*socket);
    connection->session.reset(libssh2_session_init());
    if (!connection->session)
        return fail(Error::Domain::Ssh, u"cannot create an SSH session (out of memory)"_s);
    libssh2_session_set_blocking(connection->get(), 0);
    const QByteArray methods = hostKeyMethods(hostKeyTypes);
    libssh2_session_method_pref(connection->get(), LIBSSH2_METHOD_HOSTKEY, methods.constData());
    // RSA user keys sign with SHA-2; ssh-rsa (SHA-1) signatures are not offered.
    libssh2_session_method_pref(connection->get(), LIBSSH2_METHOD_SIGN_ALGO,
        "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256");
    Interrupt why = Interrupt::None;
    const int rc = connection->pump(budget, why, [&] {
        return libssh2_session_handshake(connection->get(), connection->socket.get());
    });
    if (why != Interrupt::None)
        return fail(Error::Domain::Ssh, interruptedMessage(why, u"the SSH handshake"_s, where, timeout));
    if (rc != 0) {
        QString message = u"the SSH handshake with %1 failed: %2"_s.arg(where, lib::lastError(connection->get()));
        if (rc == LIBSSH2_ERROR_KEX_FAILURE && !hostKeyTypes.isEmpty()) {
            message += u" (the server offers none of the host key types on record for it: %1)"_s.arg(
                hostKeyTypes.join(u", "_s));
        }
        return fail(Error::Domain::Ssh, message);
    }
    return connection;
}

Result<HostKey> sessionHostKey(LIBSSH2_SESSION *session, const QString &where)
{
    size_t length = 0;
    int type = 0;
    const char *key = libssh2_session_hostkey(session, &length, &type);
    if (!key || length == 0 || length > 16384)
        return fail(Error::Domain::Ssh, u"%1 presented no usable host key"_s.arg(where));
    HostKey hostKey{hostKeyTypeName(type), QByteArray(key, qsizetype(length))};
    const QString inBlob = HostKey::typeInBlob(hostKey.blob);
    if (hostKey.type.isEmpty())
        hostKey.type = inBlob;
    if (inBlob != hostKey.type)
        return fail(Error::Domain::Ssh, u"%1 presented a malformed host key"_s.arg(where));
    return hostKey;
}

} // namespace

SshHost::SshHost(SshHostSettings settings)
    : m_settings(std::move(settings))
{
}

SshHost::~SshHost() = default;

QString SshHost::displayName() const
{
    return u"%1 (%2@%3:%4)"_s.arg(m_settings.name, m_settings.user, m_settings.address).arg(m_settings.port);
}

Result<HostKey> SshHost::fetchHostKey(const QString &address, int port, std::chrono::milliseconds timeout)
{
    auto connection = openConnection(address, port, {}, timeout, nullptr);
    if (!connection)
        return std::unexpected(connection.error());
    return sessionHostKey((*connection)->get(), u"%1:%2"_s.arg(address).arg(port));
}

Result<void> SshHost::connect(const std::atomic_bool *cancel, std::chrono::milliseconds limit)
{
    m_connection.reset();
    auto known = KnownHosts::load(m_settings.knownHostsFiles);
    if (!known)
        return std::unexpected(known.error());
    auto connection = openConnection(m_settings.address, m_settings.port,
        known->keyTypesFor(m_settings.address, m_settings.port), std::min(m_settings.connectTimeout, limit), cancel);
    if (!connection)
        return std::unexpected(connection.error());
    if (auto verified = verifyHostKey(**connection); !verified)
        return verified;
    if (auto authenticated = authenticate(**connection, cancel, std::min(m_settings.authTimeout, limit)); !authenticated)
        return authenticated;
    libssh2_keepalive_config((*connection)->get(), 1, unsigned(std::max(1, m_settings.keepAliveSeconds)));
    m_connection = std::move(*connection);
    ++m_connections;
    return {};
}

Result<void> SshHost::verifyHostKey(Connection &connection)
{
    const QString where = u"%1:%2"_s.arg(m_settings.address).arg(m_settings.port);
    auto key = sessionHostKey(connection.get(), where);
    if (!key)
        return std::unexpected(key.error());
    // Read again: another host may have recorded a key since the method preference was set.
    auto known = KnownHosts::load(m_settings.knownHostsFiles);
    if (!known)
        return std::unexpected(known.error());
    const KnownHosts::Check check = known->check(m_settings.address, m_settings.port, *key);
    const QString who = u"%1 (%2)"_s.arg(m_settings.name, where);
    switch (check.verdict) {
    case KnownHosts::Verdict::Known:
        return {};
    case KnownHosts::Verdict::Revoked:
        return fail(Error::Domain::Ssh,
            u"the host key of %1 (%2 %3) is marked @revoked in %4:%5; refusing to connect"_s.arg(
                who, key->typeLabel(), key->fingerprint(), check.entry.file)
                .arg(check.entry.line));
    case KnownHosts::Verdict::Changed:
        return fail(Error::Domain::Ssh,
            u"the host key of %1 has CHANGED: it now presents the %2 key %3, but %4:%5 records a different one "
            "(someone may be intercepting the connection; if the server was really reinstalled, check the new "
            "fingerprint with its administrator and delete that line)"_s.arg(
                who, key->typeLabel(), key->fingerprint(), check.entry.file)
                .arg(check.entry.line));
    case KnownHosts::Verdict::Unknown:
        break;
    }
    if (m_settings.unknownHostKey.ask) {
        if (m_settings.unknownHostKey.ask(m_settings.name, key->typeLabel(), key->fingerprint())) {
            auto trusted = recordTrustedHostKey(m_settings, *key);
            if (!trusted)
                return std::unexpected(trusted.error());
            return {};
        }
        return fail(Error::Domain::Ssh,
            u"the host key of %1 (the %2 key %3) was not trusted, so nothing was recorded and no command ran"_s.arg(
                who, key->typeLabel(), key->fingerprint()));
    }
    QString workspace = m_settings.workspaceFile.isEmpty() ? u"WORKSPACE"_s : m_settings.workspaceFile;
    static const QRegularExpression plain(u"^[A-Za-z0-9_./-]+$"_s);
    if (!plain.match(workspace).hasMatch())
        workspace = shellQuote(workspace);
    return fail(Error::Domain::Ssh,
        u"the host key of %1 is not known: it presents the %2 key %3; check that fingerprint with the server's "
        "administrator, then run `releasedeck-cli -w %4 trust %5 --fingerprint %3`"_s.arg(
            who, key->typeLabel(), key->fingerprint(), workspace, m_settings.name));
}

Result<void> SshHost::authenticate(Connection &connection, const std::atomic_bool *cancel,
                                  std::chrono::milliseconds timeout)
{
    const QString where = u"%1@%2:%3"_s.arg(m_settings.user, m_settings.address).arg(m_settings.port);
    const Budget budget = budgetFor(timeout, cancel);
    const QByteArray user = m_settings.user.toUtf8();
    Interrupt why = Interrupt::None;
    auto interrupted = [&] {
        return fail(Error::Domain::Ssh, interruptedMessage(why, u"authentication"_s, where, timeout));
    };

    const char *offered = connection.pumpPointer(budget, why, [&] {
        return libssh2_userauth_list(connection.get(), user.constData(), unsigned(user.size()));
    });
    if (why != Interrupt::None)
        return interrupted();
    if (!offered) {
        if (libssh2_userauth_authenticated(connection.get()))
            return {};
        const int rc = libssh2_session_last_errno(connection.get());
        if (isConnectionLost(rc))
            return fail(Error::Domain::Ssh, u"%1 closed the connection before authentication"_s.arg(where));
        return fail(Error::Domain::Ssh, u"cannot ask %1 how to authenticate: %2"_s.arg(where, lib::lastError(connection.get())));
    }
    const QString methods = QString::fromUtf8(offered).left(256);
    if (!methods.split(u',').contains(u"publickey"_s)) {
        return fail(Error::Domain::Ssh,
            u"%1 does not accept SSH keys (it offers: %2), and keys are all ReleaseDeck uses"_s.arg(where, methods));
    }

    QStringList tried;
    // A rejected key: the next one is tried; anything else (connection lost) ends the attempt.
    auto tryFile = [&](const QString &path, bool configured) -> std::optional<Result<void>> {
        if (!QFileInfo::exists(path)) {
            if (configured)
                return fail(Error::Domain::Ssh, u"the key file %1 for %2 does not exist"_s.arg(path, m_settings.name));
            return std::nullopt;
        }
        // The workspace's reference wins; the prompt is the fallback when there is none. A
        // reference that does not resolve is the answer: asking instead would hide the mistake.
        QByteArray passphrase;
        const auto wipe = qScopeGuard([&] { passphrase.fill('\0'); });
        if (!m_settings.passphraseReference.isEmpty()) {
            auto secret = secrets::readSecret(m_settings.passphraseReference,
                u"the passphrase of the key file %1 for %2"_s.arg(path, m_settings.name));
            if (!secret)
                return fail(Error::Domain::Ssh, secret.error().message);
            passphrase = std::move(*secret);
        }
        const QByteArray file = QFile::encodeName(path);
        for (int attempt = 0; attempt < 2; ++attempt) {
            const int rc = connection.pump(budget, why, [&] {
                return libssh2_userauth_publickey_fromfile_ex(connection.get(), user.constData(),
                    unsigned(user.size()), nullptr, file.constData(), passphrase.constData());
            });
            if (why != Interrupt::None)
                return interrupted();
            if (rc == 0)
                return Result<void>{};
            if (isConnectionLost(rc))
                return fail(Error::Domain::Ssh, u"%1 closed the connection during authentication"_s.arg(where));
            if (rc == LIBSSH2_ERROR_FILE && attempt == 0 && m_settings.passphraseReference.isEmpty()
                && m_settings.passphrasePrompt.ask) {
                // Most likely an encrypted key: ask once, then try again.
                std::optional<QString> answer = m_settings.passphrasePrompt.ask(m_settings.name, path);
                if (!answer) {
                    return fail(Error::Domain::Ssh,
                        u"no passphrase was given for the key file %1 of %2, so it was not used (the prompt was cancelled)"_s.arg(
                            path, m_settings.name));
                }
                passphrase = answer->toUtf8();
                answer->fill(QChar(0));   // keep it only as long as libssh2 needs it
                continue;
            }
            if (rc == LIBSSH2_ERROR_FILE) {
                tried.append(u"the key file %1 (unreadable, or its passphrase is missing or wrong)"_s.arg(path));
                return std::nullopt;
            }
            break;
        }
        tried.append(u"the key file %1"_s.arg(path));
        return std::nullopt;
    };

    if (m_settings.identity.startsWith(u"file:")) {
        if (auto done = tryFile(m_settings.identity.mid(5), true))
            return *done;
    } else {
        lib::Agent agent(libssh2_agent_init(connection.get()));
        int identities = 0;
        if (!agent) {
            tried.append(u"the ssh-agent (cannot be used)"_s);
        } else if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK") || libssh2_agent_connect(agent.get()) != 0) {
            tried.append(u"the ssh-agent (not running: SSH_AUTH_SOCK is not set or not reachable)"_s);
        } else if (libssh2_agent_list_identities(agent.get()) != 0) {
            tried.append(u"the ssh-agent (it did not list its keys)"_s);
        } else {
            libssh2_agent_publickey *identity = nullptr;
            libssh2_agent_publickey *previous = nullptr;
            while (libssh2_agent_get_identity(agent.get(), &identity, previous) == 0) {
                previous = identity;
                ++identities;
                const int rc = connection.pump(budget, why, [&] {
                    return libssh2_agent_userauth(agent.get(), user.constData(), identity);
                });
                if (why != Interrupt::None)
                    return interrupted();
                if (rc == 0)
                    return {};
                if (isConnectionLost(rc)) {
                    return fail(Error::Domain::Ssh,
                        u"%1 closed the connection after %2 rejected keys from the ssh-agent (too many for its MaxAuthTries?)"_s
                            .arg(where)
                            .arg(identities));
                }
            }
            tried.append(identities == 0 ? u"the ssh-agent (it holds no keys)"_s
                                         : u"the ssh-agent's %1 key(s)"_s.arg(identities));
        }
        for (const QString &path : m_settings.fallbackIdentityFiles) {
            if (auto done = tryFile(path, false))
                return *done;
        }
    }
    return fail(Error::Domain::Ssh,
        u"authentication as %1 failed: the server refused %2"_s.arg(where, tried.isEmpty() ? u"every key"_s : tried.join(u"; "_s)));
}

Result<ExecResult> SshHost::run(const QString &command, const ExecOptions &options)
{
    if (auto ok = checkEnvironment(options); !ok)
        return std::unexpected(ok.error());
    if (command.contains(QChar(0)))
        return fail(Error::Domain::Usage, u"the command contains a NUL byte"_s);

    QMutexLocker lock(&m_runMutex);
    const Clock::time_point started = Clock::now();
    const Budget budget{started + options.timeout, options.cancel};
    const QString where = displayName();

    OutputSink sink(options);
    if (auto opened = sink.open(); !opened)
        return std::unexpected(opened.error());

    // A channel on the reused connection; if that connection died since the last command,
    // one new connection (nothing has started yet, so this is safe to repeat).
    lib::Channel channel;
    for (int attempt = 0; attempt < 2 && !channel; ++attempt) {
        const bool reused = m_connection != nullptr;
        if (!m_connection) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(budget.deadline - Clock::now());
            if (auto connected = connect(options.cancel, std::max(left, std::chrono::milliseconds(1))); !connected)
                return std::unexpected(connected.error());
        }
        Interrupt why = Interrupt::None;
        channel.reset(m_connection->pumpPointer(budget, why, [&] {
            return libssh2_channel_open_session(m_connection->get());
        }));
        if (why != Interrupt::None) {
            m_connection.reset();
            return fail(Error::Domain::Ssh, interruptedMessage(why, u"opening a session"_s, where, options.timeout));
        }
        if (!channel) {
            const int rc = libssh2_session_last_errno(m_connection->get());
            const QString reason = lib::lastError(m_connection->get());
            m_connection.reset();
            if (reused && (isConnectionLost(rc) || rc == LIBSSH2_ERROR_CHANNEL_CLOSED || rc != 0))
                continue;
            return fail(Error::Domain::Ssh, u"cannot open a session on %1: %2"_s.arg(where, reason));
        }
    }
    if (!channel)
        return fail(Error::Domain::Ssh, u"cannot open a session on %1: the connection keeps closing"_s.arg(where));

    Connection &connection = *m_connection;
    // sshd refuses most environment requests (AcceptEnv), so variables go before the command.
    const QByteArray full = (environmentPrefix(options) + command).toUtf8();
    Interrupt why = Interrupt::None;
    int rc = connection.pump(budget, why, [&] {
        return libssh2_channel_process_startup(channel.get(), "exec", 4, full.constData(), unsigned(full.size()));
    });
    // The channel belongs to the session: free it first, whenever the connection goes.
    auto drop = [&] {
        channel.reset();
        m_connection.reset();
    };
    auto lost = [&] {
        drop();
        return fail(Error::Domain::Ssh,
            u"the connection to %1 was lost while the command was running (it may or may not have finished)"_s.arg(where));
    };
    if (why == Interrupt::None && rc != 0) {
        if (isConnectionLost(rc))
            return lost();
        const QString reason = lib::lastError(connection.get());
        drop();
        return fail(Error::Domain::Ssh, u"%1 refused to run the command: %2"_s.arg(where, reason));
    }

    char buffer[65536];
    while (why == Interrupt::None) {
        bool progressed = false;
        for (int stream : { 0, SSH_EXTENDED_DATA_STDERR }) {
            // Bounded per turn so one busy stream cannot starve the other or the checks below.
            for (int turn = 0; turn < 16; ++turn) {
                const ssize_t n = libssh2_channel_read_ex(channel.get(), stream, buffer, sizeof buffer);
                if (n > 0) {
                    sink.append(stream == 0 ? OutputLine::Stream::Stdout : OutputLine::Stream::Stderr, buffer, n);
                    progressed = true;
                    continue;
                }
                if (n == LIBSSH2_ERROR_EAGAIN || n == 0)
                    break;
                if (isConnectionLost(int(n)) || n == LIBSSH2_ERROR_CHANNEL_CLOSED)
                    return lost();
                const QString reason = lib::lastError(connection.get());
                drop();
                return fail(Error::Domain::Ssh, u"reading the command's output from %1 failed: %2"_s.arg(where, reason));
            }
        }
        if (progressed)
            continue;
        if (libssh2_channel_eof(channel.get()))
            break;
        why = budget.check();
        if (why != Interrupt::None)
            break;
        int next = 0;
        if (libssh2_keepalive_send(connection.get(), &next) == LIBSSH2_ERROR_SOCKET_SEND)
            return lost();
        waitSocket(connection.get(), connection.socket.get(), budget);
        // A peer that closed the TCP connection shows up as readable with nothing for us.
        pollfd p{connection.socket.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR))) {
            const ssize_t n = libssh2_channel_read_ex(channel.get(), 0, buffer, sizeof buffer);
            if (n > 0)
                sink.append(OutputLine::Stream::Stdout, buffer, n);
            else if (n != LIBSSH2_ERROR_EAGAIN && n != 0)
                return lost();
            else if (!libssh2_channel_eof(channel.get()))
                return lost();
        }
    }

    if (why != Interrupt::None) {
        // Ask the server to signal the command (OpenSSH honours it), then drop the whole
        // connection: its state mid-command is not worth salvaging.
        Interrupt ignored = Interrupt::None;
        const Budget grace = budgetFor(std::chrono::seconds(2), nullptr);
        connection.pump(grace, ignored, [&] { return libssh2_channel_signal_ex(channel.get(), "TERM", 4); });
        drop();
        sink.finish();
        if (why == Interrupt::Cancelled)
            return fail(Error::Domain::Ssh, u"the command on %1 was cancelled"_s.arg(where));
        return fail(Error::Domain::Ssh,
            u"the command on %1 did not finish within %2 and was stopped"_s.arg(where, describeDuration(options.timeout)));
    }

    sink.finish();
    // Exit status and signal arrive around EOF; closing waits for them, briefly.
    Interrupt closing = Interrupt::None;
    const Budget grace = budgetFor(std::chrono::seconds(10), options.cancel);
    rc = connection.pump(grace, closing, [&] { return libssh2_channel_close(channel.get()); });
    if (rc == 0)
        rc = connection.pump(grace, closing, [&] { return libssh2_channel_wait_closed(channel.get()); });
    if (isConnectionLost(rc))
        return lost();

    ExecResult result;
    sink.fill(result);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    result.exitStatus = libssh2_channel_get_exit_status(channel.get());
    char *signal = nullptr;
    size_t signalLength = 0;
    libssh2_channel_get_exit_signal(channel.get(), &signal, &signalLength, nullptr, nullptr, nullptr, nullptr);
    if (signal) {
        result.exitSignal = QString::fromLatin1(signal, qsizetype(std::min<size_t>(signalLength, 32)));
        if (result.exitSignal.startsWith(u"SIG"))
            result.exitSignal = result.exitSignal.mid(3);
        result.exitStatus = -1;
        libssh2_free(connection.get(), signal);
    }
    channel.reset();
    return result;
}

} // namespace rd::ssh
