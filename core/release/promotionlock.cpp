// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/promotionlock.h"

#include "release/auditlog.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// The holder description is small; anything larger is not ours.
constexpr qint64 MaxInfoBytes = 8192;

// Owns a file descriptor from open() on; closing releases any flock on it.
class Descriptor
{
public:
    explicit Descriptor(int fd = -1) : m_fd(fd) { }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    ~Descriptor() { reset(); }
    int get() const { return m_fd; }
    int take() { return std::exchange(m_fd, -1); }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

QString bounded(const QString &text, qsizetype limit = 256)
{
    QString out = text.left(limit);
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QChar(u' ');
    }
    return out;
}

QByteArray toJson(const LockHolder &h)
{
    return QJsonDocument(QJsonObject {
                             { u"user"_s, h.user },
                             { u"host"_s, h.host },
                             { u"pid"_s, double(h.pid) },
                             { u"since"_s, h.since.toUTC().toString(Qt::ISODate) },
                             { u"action"_s, h.action },
                             { u"artifact"_s, h.artifact },
                             { u"environment"_s, h.environment },
                             { u"from"_s, h.from },
                             { u"to"_s, h.to },
                         })
        .toJson(QJsonDocument::Compact);
}

std::optional<LockHolder> fromJson(const QByteArray &data)
{
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (o.isEmpty())
        return std::nullopt;
    LockHolder h;
    h.user = bounded(o.value(u"user"_s).toString());
    h.host = bounded(o.value(u"host"_s).toString());
    h.pid = qint64(o.value(u"pid"_s).toDouble());
    h.since = QDateTime::fromString(o.value(u"since"_s).toString(), Qt::ISODate).toUTC();
    h.action = bounded(o.value(u"action"_s).toString(), 32);
    h.artifact = bounded(o.value(u"artifact"_s).toString(), 128);
    h.environment = bounded(o.value(u"environment"_s).toString(), 128);
    h.from = bounded(o.value(u"from"_s).toString(), 128);
    h.to = bounded(o.value(u"to"_s).toString(), 128);
    return h;
}

QByteArray readInfo(int fd)
{
    QByteArray data(MaxInfoBytes, '\0');
    const ssize_t n = ::pread(fd, data.data(), size_t(data.size()), 0);
    data.resize(n > 0 ? n : 0);
    return data;
}

// What the holder wrote, read a few times: it writes right after taking the lock, so a reader
// that comes in between sees an empty file for a moment.
std::optional<LockHolder> readHolder(int fd)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (const std::optional<LockHolder> holder = fromJson(readInfo(fd)))
            return holder;
        QThread::msleep(10);
    }
    return std::nullopt;
}

QString lockedMessage(const QString &artifact, const QString &environment, const std::optional<LockHolder> &holder)
{
    const QString subject = u"%1 in %2"_s.arg(artifact, environment);
    if (!holder)
        return u"%1 is locked by another ReleaseDeck process (it did not say who); try again when it has finished"_s.arg(subject);
    return u"%1 is locked: %2; try again when it has finished"_s.arg(subject, holder->describe());
}

} // namespace

LockHolder LockHolder::self(const QString &action, const QString &artifact, const QString &environment,
                            const QString &from, const QString &to)
{
    const Actor actor = Actor::current({});
    return LockHolder { actor.osUser, QSysInfo::machineHostName(), QCoreApplication::applicationPid(),
                        QDateTime::currentDateTimeUtc(), action, artifact, environment, from, to };
}

QString LockHolder::describe() const
{
    QString text = u"%1 on %2 (pid %3)"_s.arg(user.isEmpty() ? u"someone"_s : user,
                                            host.isEmpty() ? u"an unknown host"_s : host, QString::number(pid));
    if (since.isValid())
        text += u" since "_s + since.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
    if (!action.isEmpty()) {
        const QString doing = action.endsWith(u'e') ? QString(action.chopped(1) + u"ing"_s) : QString(action + u"ing"_s);
        text += u", "_s + doing;
        if (!to.isEmpty())
            text += u' ' + to;
        if (!from.isEmpty())
            text += u" (from "_s + from + u')';
    }
    return text;
}

QString lockFileName(const QString &artifact, const QString &environment)
{
    // Names in a workspace are [a-z0-9._-]; anything else is hashed rather than trusted as a
    // path component.
    auto safe = [](const QString &name) {
        const bool plain = !name.isEmpty() && name.size() <= 63 && !name.startsWith(u'.')
            && std::all_of(name.begin(), name.end(), [](QChar c) {
                   return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
               });
        return plain ? name
                     : u"x-"_s + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256)
                                                          .toHex()
                                                          .left(16));
    };
    return safe(artifact) + u'@' + safe(environment) + u".lock"_s;
}

QString PromotionLock::defaultDirectory(const config::Workspace &workspace)
{
    return AuditLog::defaultPath(workspace) + u".locks"_s;
}

Result<PromotionLock> PromotionLock::acquire(const QString &directory, const LockHolder &holder)
{
    if (!QDir().mkpath(directory))
        return fail(Error::Domain::Io, u"cannot create the lock folder %1"_s.arg(directory));
    const QString file = QDir(directory).filePath(lockFileName(holder.artifact, holder.environment));
    Descriptor fd(::open(QFile::encodeName(file).constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (fd.get() < 0) {
        return fail(Error::Domain::Io,
                    u"cannot open the lock file %1: %2"_s.arg(file, QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error != EWOULDBLOCK) {
            return fail(Error::Domain::Io,
                        u"cannot lock %1: %2"_s.arg(file, QString::fromLocal8Bit(std::strerror(error))));
        }
        Error refused { Error::Domain::Release, lockedMessage(holder.artifact, holder.environment, readHolder(fd.get())),
                        {}, HeldCode };
        return std::unexpected(refused);
    }
    const QByteArray info = toJson(holder);
    if (::ftruncate(fd.get(), 0) != 0 || ::pwrite(fd.get(), info.constData(), size_t(info.size()), 0) != info.size()) {
        return fail(Error::Domain::Io,
                    u"cannot write the lock file %1: %2"_s.arg(file, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return PromotionLock(fd.take(), file);
}

Result<PromotionLock> PromotionLock::admissionGate(const QString &directory, int timeoutMs)
{
    if (!QDir().mkpath(directory))
        return fail(Error::Domain::Io, u"cannot create the lock folder %1"_s.arg(directory));
    const QString file = QDir(directory).filePath(u"admission.gate"_s);
    Descriptor fd(::open(QFile::encodeName(file).constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (fd.get() < 0) {
        return fail(Error::Domain::Io,
                    u"cannot open the lock file %1: %2"_s.arg(file, QString::fromLocal8Bit(std::strerror(errno))));
    }
    // Polled rather than a blocking flock(): a process stuck inside the gate must not hang
    // every other one forever. The gate is held for milliseconds (an audit log query).
    for (int waited = 0;; waited += 10) {
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0)
            break;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            return fail(Error::Domain::Io,
                        u"cannot lock %1: %2"_s.arg(file, QString::fromLocal8Bit(std::strerror(errno))));
        }
        if (waited >= timeoutMs)
            return fail(Error::Domain::Io, u"%1 stayed locked by another ReleaseDeck process for %2 s"_s.arg(file).arg(timeoutMs / 1000));
        QThread::msleep(10);
    }
    return PromotionLock(fd.take(), file);
}

QList<LockHolder> PromotionLock::holders(const QString &directory)
{
    QList<LockHolder> held;
    const QStringList files = QDir(directory).entryList({ u"*.lock"_s }, QDir::Files | QDir::NoSymLinks, QDir::Name);
    for (const QString &name : files) {
        const QString file = QDir(directory).filePath(name);
        Descriptor fd(::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (fd.get() < 0)
            continue;
        if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0)
            continue; // nobody holds it; closing drops our shared lock
        if (errno != EWOULDBLOCK)
            continue;
        std::optional<LockHolder> holder = readHolder(fd.get());
        if (!holder) {
            holder = LockHolder {};
            const QString stem = name.chopped(5);
            holder->artifact = stem.section(u'@', 0, 0);
            holder->environment = stem.section(u'@', 1);
        }
        held.append(*holder);
    }
    return held;
}

PromotionLock::PromotionLock(int fd, QString file)
    : m_fd(fd)
    , m_file(std::move(file))
{ }

PromotionLock::PromotionLock(PromotionLock &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_file(std::move(other.m_file))
{ }

PromotionLock &PromotionLock::operator=(PromotionLock &&other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_file = std::move(other.m_file);
    }
    return *this;
}

PromotionLock::~PromotionLock()
{
    release();
}

void PromotionLock::release()
{
    if (m_fd < 0)
        return;
    // Emptied first, so a reader never mistakes the last holder for a current one.
    [[maybe_unused]] const int truncated = ::ftruncate(m_fd, 0);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace rd::release
