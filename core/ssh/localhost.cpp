// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/localhost.h"

#include "ssh/execenvironment.h"
#include "ssh/outputsink.h"

#include <QFileInfo>
#include <QHash>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace rd::ssh {

namespace {

// A file descriptor closed exactly once.
class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd &operator=(Fd &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    int get() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

struct Pipe
{
    Fd read;
    Fd write;
};

bool makePipe(Pipe &pipe)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    pipe.read = Fd(fds[0]);
    pipe.write = Fd(fds[1]);
    return true;
}

// posix_spawn attribute and file-action objects, destroyed on every path.
struct SpawnSetup
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup()
    {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup()
    {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup &) = delete;
    SpawnSetup &operator=(const SpawnSetup &) = delete;
};

// The child's environment: ours, with the options' variables set over it.
std::vector<QByteArray> childEnvironment(const ExecOptions &options)
{
    QList<QByteArray> order;
    QHash<QByteArray, QByteArray> values;
    for (char **entry = environ; entry && *entry; ++entry) {
        const QByteArray item(*entry);
        const qsizetype eq = item.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = item.left(eq);
        if (!values.contains(key))
            order.append(key);
        values.insert(key, item);
    }
    for (const auto &[key, value] : options.environment) {
        const QByteArray k = key.toUtf8();
        if (!values.contains(k))
            order.append(k);
        values.insert(k, k + '=' + value.toUtf8());
    }
    std::vector<QByteArray> result;
    result.reserve(size_t(order.size()));
    for (const QByteArray &key : order)
        result.push_back(values.value(key));
    return result;
}

constexpr auto KillGrace = std::chrono::seconds(2);
constexpr auto QuietAfterExit = std::chrono::seconds(1);

} // namespace

LocalHost::LocalHost(QString workingDirectory)
    : m_workingDirectory(std::move(workingDirectory))
{
}

QString LocalHost::displayName() const
{
    return u"this machine"_s;
}

Result<ExecResult> LocalHost::run(const QString &command, const ExecOptions &options)
{
    if (auto ok = checkEnvironment(options); !ok)
        return std::unexpected(ok.error());
    if (command.contains(QChar(0)))
        return fail(Error::Domain::Usage, u"the command contains a NUL byte"_s);
    if (!m_workingDirectory.isEmpty() && !QFileInfo(m_workingDirectory).isDir())
        return fail(Error::Domain::Io, u"the folder %1 to run commands in does not exist"_s.arg(m_workingDirectory));

    QMutexLocker lock(&m_runMutex);
    const Clock::time_point started = Clock::now();

    OutputSink sink(options);
    if (auto opened = sink.open(); !opened)
        return std::unexpected(opened.error());

    Pipe out, err;
    if (!makePipe(out) || !makePipe(err))
        return fail(Error::Domain::Io, u"cannot create pipes for a command: %1"_s.arg(QString::fromLocal8Bit(strerror(errno))));

    SpawnSetup setup;
    posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), 1);
    posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), 2);
    const QByteArray directory = m_workingDirectory.toLocal8Bit();
    if (!directory.isEmpty())
        posix_spawn_file_actions_addchdir_np(&setup.actions, directory.constData());
    // Its own process group, so that stopping it stops everything it started; default signal
    // handling and an empty mask, whatever this process set up for itself.
    sigset_t defaults, empty;
    sigemptyset(&empty);
    sigemptyset(&defaults);
    for (int signal : { SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD })
        sigaddset(&defaults, signal);
    posix_spawnattr_setpgroup(&setup.attributes, 0);
    posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
    posix_spawnattr_setsigmask(&setup.attributes, &empty);
    posix_spawnattr_setflags(&setup.attributes,
        POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    const std::vector<QByteArray> environment = childEnvironment(options);
    std::vector<char *> envp;
    for (const QByteArray &entry : environment)
        envp.push_back(const_cast<char *>(entry.constData()));
    envp.push_back(nullptr);
    QByteArray commandBytes = command.toUtf8();
    char shell[] = "/bin/sh";
    char dashC[] = "-c";
    char *argv[] = { shell, dashC, commandBytes.data(), nullptr };

    pid_t pid = -1;
    if (const int spawned = posix_spawn(&pid, shell, &setup.actions, &setup.attributes, argv, envp.data()); spawned != 0) {
        return fail(Error::Domain::Io,
            u"cannot start /bin/sh on this machine: %1"_s.arg(QString::fromLocal8Bit(strerror(spawned))));
    }
    out.write.reset();
    err.write.reset();

    const Clock::time_point deadline = started + options.timeout;
    enum class Stop { None, Timeout, Cancel };
    Stop stop = Stop::None;
    Clock::time_point killAt{};
    bool killed = false;
    bool exited = false;
    int waitStatus = 0;
    Clock::time_point exitedAt{};
    Clock::time_point lastData = Clock::now();
    char buffer[65536];

    auto reap = [&](int flags) {
        if (exited)
            return;
        const pid_t r = ::waitpid(pid, &waitStatus, flags);
        if (r == pid || (r < 0 && errno == ECHILD)) {
            exited = true;
            exitedAt = Clock::now();
        }
    };

    while (true) {
        pollfd fds[2];
        int count = 0;
        if (out.read.isOpen())
            fds[count++] = { out.read.get(), POLLIN, 0 };
        if (err.read.isOpen())
            fds[count++] = { err.read.get(), POLLIN, 0 };
        if (count == 0 && exited)
            break;
        if (count > 0) {
            const int ready = ::poll(fds, nfds_t(count), 100);
            if (ready < 0 && errno != EINTR)
                break;
            for (int i = 0; i < count && ready > 0; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                Fd &fd = fds[i].fd == out.read.get() ? out.read : err.read;
                const auto stream = &fd == &out.read ? OutputLine::Stream::Stdout : OutputLine::Stream::Stderr;
                const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
                if (n > 0) {
                    sink.append(stream, buffer, n);
                    lastData = Clock::now();
                } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                    fd.reset();
                }
            }
        } else {
            ::usleep(20'000);
        }

        reap(WNOHANG);
        const Clock::time_point now = Clock::now();
        if (exited) {
            // Pipes still open after the shell exited belong to something it left running in
            // the background; stop waiting for them once they have been quiet for a while.
            if (stop != Stop::None || now - std::max(exitedAt, lastData) > QuietAfterExit)
                break;
            continue;
        }
        if (stop == Stop::None) {
            if (options.cancel && options.cancel->load())
                stop = Stop::Cancel;
            else if (now >= deadline)
                stop = Stop::Timeout;
            if (stop != Stop::None) {
                ::kill(-pid, SIGTERM);
                killAt = now + KillGrace;
            }
        } else if (!killed && now >= killAt) {
            ::kill(-pid, SIGKILL);
            killed = true;
        } else if (killed && now >= killAt + KillGrace) {
            // Out of our hands (an uninterruptible sleep): wait for it without its pipes.
            reap(0);
        }
    }
    reap(0);
    sink.finish();

    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (stop == Stop::Timeout) {
        return fail(Error::Domain::Ssh,
            u"the command on this machine did not finish within %1 and was stopped"_s.arg(describeDuration(options.timeout)));
    }
    if (stop == Stop::Cancel)
        return fail(Error::Domain::Ssh, u"the command on this machine was cancelled"_s);

    ExecResult result;
    sink.fill(result);
    result.elapsed = elapsed;
    if (WIFEXITED(waitStatus)) {
        result.exitStatus = WEXITSTATUS(waitStatus);
    } else if (WIFSIGNALED(waitStatus)) {
        result.exitStatus = -1;
        result.exitSignal = signalName(WTERMSIG(waitStatus));
    }
    return result;
}

} // namespace rd::ssh
