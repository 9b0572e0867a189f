// SPDX-License-Identifier: GPL-3.0-or-later
#include "remotecache.h"

#include "libgit2.h"
#include "remoteurl.h"
#include "secrets/secretreference.h"
#include "ssh/knownhosts.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLockFile>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace rd::git {

namespace {

using namespace detail;
using Clock = std::chrono::steady_clock;

// Written into a mirror after each successful fetch: when it finished (ms since the epoch).
constexpr auto StampFile = "releasedeck-fetched";

// One mutex per mirror, for callers in this process (QLockFile does not exclude threads of
// the process that holds it). Never freed: there are as many as repositories in use.
QMutex &mirrorMutex(const QString &mirror)
{
    static QMutex guard;
    static QHash<QString, std::shared_ptr<QMutex>> mutexes;
    QMutexLocker locker(&guard);
    std::shared_ptr<QMutex> &slot = mutexes[mirror];
    if (!slot)
        slot = std::make_shared<QMutex>();
    return *slot;
}

std::optional<QDateTime> lastFetched(const QString &mirror)
{
    QFile file(mirror + u'/' + QLatin1StringView(StampFile));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 ms = file.read(32).trimmed().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
}

Result<void> writeStamp(const QString &mirror)
{
    QSaveFile file(mirror + u'/' + QLatin1StringView(StampFile));
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(QDateTime::currentMSecsSinceEpoch())) < 0
        || !file.commit())
        return fail(Error::Domain::Io, u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
    return {};
}

// What the libgit2 callbacks share with the fetching code: what to check, when to stop and
// the first error a callback decided on (libgit2's own message for a callback's refusal is
// vague, ours names the problem).
struct FetchContext
{
    const RemoteAccess *access = nullptr;
    RemoteUrl url;
    const std::atomic_bool *cancel = nullptr;
    Clock::time_point deadline;
    std::optional<Error> error;
    int credentialCalls = 0;
    std::optional<QByteArray> passphrase;

    int stop(Error e)
    {
        if (!error)
            error = std::move(e);
        return GIT_EUSER;
    }
    // Non-zero: the fetch must stop now.
    int interrupted()
    {
        if (cancel && cancel->load())
            return stop(Error{Error::Domain::Git, u"fetching %1 was cancelled"_s.arg(url.text), {}, 0});
        if (Clock::now() > deadline)
            return stop(Error{Error::Domain::Git,
                u"fetching %1 took longer than %2 s and was stopped"_s.arg(url.text)
                    .arg(std::chrono::duration_cast<std::chrono::seconds>(access->timeout).count()), {}, 0});
        return 0;
    }
};

int onCredentials(git_credential **out, const char *, const char *userFromUrl, unsigned int allowed, void *payload)
{
    auto *context = static_cast<FetchContext *>(payload);
    if (const int stopped = context->interrupted())
        return stopped;
    const RemoteAccess &access = *context->access;
    QByteArray user = userFromUrl ? QByteArray(userFromUrl) : context->url.user.toUtf8();
    if (user.isEmpty())
        user = qgetenv("USER");
    // libgit2 asks again after every refusal; the agent offers all its keys in one go and a key
    // file is one key, so a second request for a key means the server said no.
    if (++context->credentialCalls > 3)
        return context->stop(Error{Error::Domain::Git,
            u"%1 refused the SSH login as '%2' with %3"_s.arg(context->url.text, QString::fromUtf8(user),
                access.identity == u"agent" ? u"the keys of the ssh-agent"_s : u"the key file %1"_s.arg(access.identity.mid(5))),
            {}, GIT_EAUTH});
    if (allowed & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, user.constData());
    if (allowed & GIT_CREDENTIAL_SSH_KEY) {
        if (context->credentialCalls > 2)
            return context->stop(Error{Error::Domain::Git,
                u"%1 refused the SSH login as '%2' with %3"_s.arg(context->url.text, QString::fromUtf8(user),
                    access.identity == u"agent" ? u"the keys of the ssh-agent"_s : u"the key file %1"_s.arg(access.identity.mid(5))),
                {}, GIT_EAUTH});
        if (access.identity.startsWith(u"file:")) {
            const QByteArray key = QFile::encodeName(access.identity.mid(5));
            if (!QFileInfo(access.identity.mid(5)).isReadable())
                return context->stop(Error{Error::Domain::Git,
                    u"the SSH key file %1 for %2 does not exist or cannot be read"_s.arg(access.identity.mid(5), context->url.text), {}, 0});
            if (!context->passphrase && !access.passphraseReference.isEmpty()) {
                auto secret = secrets::readSecret(access.passphraseReference, u"the passphrase of %1"_s.arg(access.identity.mid(5)));
                if (!secret)
                    return context->stop(Error{Error::Domain::Git, secret.error().message, {}, 0});
                context->passphrase = *secret;
            }
            return git_credential_ssh_key_new(out, user.constData(), nullptr, key.constData(),
                context->passphrase ? context->passphrase->constData() : nullptr);
        }
        if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK"))
            return context->stop(Error{Error::Domain::Git,
                u"%1 needs an SSH key, but no ssh-agent is running (SSH_AUTH_SOCK is not set) and the repository names "
                "no key file (identity: file:PATH)"_s.arg(context->url.text), {}, GIT_EAUTH});
        return git_credential_ssh_key_from_agent(out, user.constData());
    }
    return context->stop(Error{Error::Domain::Git,
        u"%1 asks for a user name and password, which ReleaseDeck does not send; use an ssh:// URL with a key or a "
        "public https:// URL"_s.arg(context->url.text), {}, GIT_EAUTH});
}

int onCertificate(git_cert *cert, int, const char *, void *payload)
{
    auto *context = static_cast<FetchContext *>(payload);
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
        return GIT_PASSTHROUGH; // TLS: libgit2 verified the chain against the system's CAs
    const auto *hostKey = reinterpret_cast<const git_cert_hostkey *>(cert);
    if (!(hostKey->type & GIT_CERT_SSH_RAW) || !hostKey->hostkey || hostKey->hostkey_len == 0
        || hostKey->hostkey_len > 64 * 1024)
        return context->stop(Error{Error::Domain::Git,
            u"cannot check the SSH host key of %1: the server's key was not available"_s.arg(context->url.host), {}, GIT_ECERTIFICATE});
    ssh::HostKey key;
    key.blob = QByteArray(hostKey->hostkey, qsizetype(hostKey->hostkey_len));
    key.type = ssh::HostKey::typeInBlob(key.blob);
    const QString host = context->url.host;
    const int port = context->url.effectivePort();
    const QString who = u"%1 (%2)"_s.arg(context->url.text, ssh::knownHostsName(host, port));
    auto known = ssh::KnownHosts::load(context->access->knownHostsFiles);
    if (!known)
        return context->stop(known.error());
    const ssh::KnownHosts::Check check = known->check(host, port, key);
    switch (check.verdict) {
    case ssh::KnownHosts::Verdict::Known:
        return 0;
    case ssh::KnownHosts::Verdict::Revoked:
        return context->stop(Error{Error::Domain::Git,
            u"the host key of %1 (%2 %3) is marked @revoked in %4:%5; refusing to fetch"_s.arg(
                who, key.typeLabel(), key.fingerprint(), check.entry.file).arg(check.entry.line), {}, GIT_ECERTIFICATE});
    case ssh::KnownHosts::Verdict::Changed:
        return context->stop(Error{Error::Domain::Git,
            u"the host key of %1 has CHANGED: it now presents the %2 key %3, but %4:%5 records a different one "
            "(someone may be intercepting the connection; if the server was really reinstalled, check the new "
            "fingerprint with its administrator and delete that line)"_s.arg(
                who, key.typeLabel(), key.fingerprint(), check.entry.file).arg(check.entry.line), {}, GIT_ECERTIFICATE});
    case ssh::KnownHosts::Verdict::Unknown:
        break;
    }
    const QString how = context->access->trustCommand.isEmpty()
        ? u"add it to %1"_s.arg(context->access->knownHostsFiles.value(0, u"~/.ssh/known_hosts"_s))
        : u"run `%1 --fingerprint %2`"_s.arg(context->access->trustCommand, key.fingerprint());
    return context->stop(Error{Error::Domain::Git,
        u"the host key of %1 is not known: it presents the %2 key %3; check that fingerprint with the server's "
        "administrator, then %4"_s.arg(who, key.typeLabel(), key.fingerprint(), how), {}, GIT_ECERTIFICATE});
}

int onTransfer(const git_indexer_progress *stats, void *payload)
{
    auto *context = static_cast<FetchContext *>(payload);
    if (const int stopped = context->interrupted())
        return stopped;
    const qint64 received = qint64(stats->received_bytes);
    if (received > context->access->maxBytes)
        return context->stop(Error{Error::Domain::Git,
            u"%1 sent more than %2 MiB; the fetch was stopped"_s.arg(context->url.text).arg(context->access->maxBytes >> 20), {}, 0});
    if (context->access->progress)
        context->access->progress(received);
    return 0;
}

int onSideband(const char *, int, void *payload)
{
    return static_cast<FetchContext *>(payload)->interrupted();
}

// libgit2's socket timeouts are process-wide; set them once from the first caller's values.
void applyTimeouts(const RemoteAccess &access)
{
    static std::once_flag once;
    std::call_once(once, [&] {
        git_libgit2_opts(GIT_OPT_SET_SERVER_CONNECT_TIMEOUT, int(access.connectTimeout.count()));
        git_libgit2_opts(GIT_OPT_SET_SERVER_TIMEOUT, int(std::chrono::milliseconds(std::chrono::minutes(2)).count()));
    });
}

// Fetches every branch and tag of the remote into the bare repository at `path`, pruning
// what the remote no longer has.
Result<void> fetchInto(const QString &path, const RemoteAccess &access, const RemoteUrl &url, const std::atomic_bool *cancel)
{
    git_repository *rawRepo = nullptr;
    if (const int rc = git_repository_open_bare(&rawRepo, QFile::encodeName(path).constData()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot open the cached mirror %1"_s.arg(path)));
    RepositoryPtr repo(rawRepo);
    git_remote *rawRemote = nullptr;
    const QByteArray urlBytes = url.text.toUtf8();
    if (const int rc = git_remote_create_anonymous(&rawRemote, repo.get(), urlBytes.constData()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot use the repository URL %1"_s.arg(url.text)));
    RemotePtr remote(rawRemote);

    FetchContext context;
    context.access = &access;
    context.url = url;
    context.cancel = cancel;
    context.deadline = Clock::now() + access.timeout;

    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks.credentials = onCredentials;
    options.callbacks.certificate_check = onCertificate;
    options.callbacks.transfer_progress = onTransfer;
    options.callbacks.sideband_progress = onSideband;
    options.callbacks.payload = &context;
    options.prune = GIT_FETCH_PRUNE;
    options.update_fetchhead = 0;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE; // the tag refspec below brings them all
    char heads[] = "+refs/heads/*:refs/heads/*";
    char tags[] = "+refs/tags/*:refs/tags/*";
    char *specs[] = { heads, tags };
    const git_strarray refspecs { specs, 2 };
    if (const int rc = git_remote_fetch(remote.get(), &refspecs, &options, nullptr); rc < 0) {
        if (context.error)
            return std::unexpected(*context.error);
        return std::unexpected(lastError(rc, u"cannot fetch %1"_s.arg(url.text)));
    }
    return {};
}

// A complete first copy, made beside the final folder and renamed into place: a mirror
// folder that exists is always a whole one.
Result<void> cloneMirror(const QString &mirror, const RemoteAccess &access, const RemoteUrl &url, const std::atomic_bool *cancel)
{
    QTemporaryDir incoming(mirror + u".incoming-XXXXXX"_s);
    if (!incoming.isValid())
        return fail(Error::Domain::Io, u"cannot create a folder for the mirror of %1 in %2"_s.arg(url.text, QFileInfo(mirror).path()));
    git_repository *rawRepo = nullptr;
    if (const int rc = git_repository_init(&rawRepo, QFile::encodeName(incoming.path()).constData(), 1); rc < 0)
        return std::unexpected(lastError(rc, u"cannot create the mirror of %1"_s.arg(url.text)));
    RepositoryPtr(rawRepo).reset();
    if (auto fetched = fetchInto(incoming.path(), access, url, cancel); !fetched)
        return fetched;
    if (auto stamped = writeStamp(incoming.path()); !stamped)
        return stamped;
    if (!QDir().rename(incoming.path(), mirror))
        return fail(Error::Domain::Io, u"cannot move the new mirror of %1 into %2"_s.arg(url.text, mirror));
    incoming.setAutoRemove(false);
    return {};
}

} // namespace

QString RemoteCache::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + u"/releasedeck/git"_s;
}

RemoteCache::RemoteCache(QString root)
    : m_root(std::move(root))
{
}

QString RemoteCache::mirrorPath(const QString &url) const
{
    const QByteArray hash = QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    return m_root + u'/' + QString::fromLatin1(hash) + u".git"_s;
}

Result<RemoteCache::Refreshed> RemoteCache::refresh(const RemoteAccess &access, std::chrono::milliseconds maxAge,
                                                    const std::atomic_bool *cancel) const
{
    auto url = parseRemoteUrl(access.url);
    if (!url)
        return std::unexpected(url.error());
    if (access.identity != u"agent" && !(access.identity.startsWith(u"file:") && QDir::isAbsolutePath(access.identity.mid(5))))
        return fail(Error::Domain::Git, u"the identity '%1' for %2 is neither 'agent' nor 'file:/absolute/path'"_s.arg(
            access.identity.left(200), access.url));
    ensureInitialised();
    applyTimeouts(access);

    const QDateTime asked = QDateTime::currentDateTimeUtc();
    const QString mirror = mirrorPath(url->text);
    if (!QDir().mkpath(m_root))
        return fail(Error::Domain::Io, u"cannot create the repository cache folder %1"_s.arg(m_root));

    // Threads of this process queue on the mutex; other processes on the lock file. Whoever
    // comes second finds a fresh stamp and reuses the fetch that just ended.
    QMutexLocker locker(&mirrorMutex(mirror));
    QLockFile lock(mirror + u".lock"_s);
    lock.setStaleLockTime(std::chrono::duration_cast<std::chrono::milliseconds>(access.timeout) + std::chrono::minutes(1));
    while (!lock.tryLock(std::chrono::milliseconds(200))) {
        if (lock.error() != QLockFile::LockFailedError)
            return fail(Error::Domain::Io, u"cannot lock the mirror %1"_s.arg(mirror));
        if (cancel && cancel->load())
            return fail(Error::Domain::Git, u"fetching %1 was cancelled"_s.arg(url->text));
    }

    // Leftovers of a first clone whose process died midway: the lock is ours, so none is running.
    const QString incomingPattern = QFileInfo(mirror).fileName() + u".incoming-*"_s;
    for (const QFileInfo &left : QDir(m_root).entryInfoList({incomingPattern}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden))
        QDir(left.filePath()).removeRecursively();

    const bool exists = QFileInfo::exists(mirror + u"/HEAD"_s);
    if (exists) {
        if (const std::optional<QDateTime> fetched = lastFetched(mirror)) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (*fetched >= asked || (fetched->msecsTo(now) >= 0 && fetched->msecsTo(now) < maxAge.count()))
                return Refreshed{mirror, false};
        }
        if (auto fetched = fetchInto(mirror, access, *url, cancel); !fetched)
            return std::unexpected(fetched.error());
    } else {
        if (auto cloned = cloneMirror(mirror, access, *url, cancel); !cloned)
            return std::unexpected(cloned.error());
    }
    if (auto stamped = writeStamp(mirror); !stamped)
        return std::unexpected(stamped.error());
    return Refreshed{mirror, true};
}

} // namespace rd::git
