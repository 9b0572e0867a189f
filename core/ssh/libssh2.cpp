// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/libssh2.h"

#include <mutex>
#include <unistd.h>
#include <utility>

namespace rd::ssh::lib {

void ensureInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { libssh2_init(0); });
}

void SessionDeleter::operator()(LIBSSH2_SESSION *session) const
{
    // A polite goodbye when the socket still works; with a non-blocking session this never
    // waits on a dead peer.
    libssh2_session_disconnect(session, "bye");
    libssh2_session_free(session);
}

Socket::~Socket()
{
    reset();
}

Socket::Socket(Socket &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
{
}

Socket &Socket::operator=(Socket &&other) noexcept
{
    if (this != &other) {
        reset();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void Socket::reset()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

QString lastError(LIBSSH2_SESSION *session)
{
    if (!session)
        return {};
    char *message = nullptr;
    int length = 0;
    libssh2_session_last_error(session, &message, &length, 0);
    if (!message || length <= 0)
        return {};
    return QString::fromUtf8(message, qMin(length, 1024));
}

} // namespace rd::ssh::lib
