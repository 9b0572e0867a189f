// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <libssh2.h>
#include <memory>

// Every libssh2 handle owner, declared once. Handles are move-only (std::unique_ptr) so a
// session is never silently shared between threads: libssh2 objects are used by one thread
// at a time. Only core/ssh includes this.
namespace rd::ssh::lib {

// libssh2_init() once per process, before the first session.
void ensureInitialized();

struct SessionDeleter
{
    void operator()(LIBSSH2_SESSION *session) const;
};
struct ChannelDeleter
{
    void operator()(LIBSSH2_CHANNEL *channel) const { libssh2_channel_free(channel); }
};
struct AgentDeleter
{
    void operator()(LIBSSH2_AGENT *agent) const
    {
        libssh2_agent_disconnect(agent);
        libssh2_agent_free(agent);
    }
};

using Session = std::unique_ptr<LIBSSH2_SESSION, SessionDeleter>;
using Channel = std::unique_ptr<LIBSSH2_CHANNEL, ChannelDeleter>;
using Agent = std::unique_ptr<LIBSSH2_AGENT, AgentDeleter>;

// A TCP socket closed exactly once (after its session is freed: declare it before the session).
class Socket
{
public:
    Socket() = default;
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket();
    Socket(Socket &&other) noexcept;
    Socket &operator=(Socket &&other) noexcept;
    int get() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    void reset();

private:
    int m_fd = -1;
};

// libssh2's last error on `session`, as text ("" when none).
QString lastError(LIBSSH2_SESSION *session);

} // namespace rd::ssh::lib
