// SPDX-License-Identifier: GPL-3.0-or-later
#include "git/identity.h"

#include "libgit2.h"

namespace rd::git {

namespace {

using ConfigPtr = std::unique_ptr<git_config, detail::Deleter<git_config, git_config_free>>;
using BufferPtr = std::unique_ptr<git_buf, detail::Deleter<git_buf, git_buf_dispose>>;

// Names and e-mail addresses are short; a longer value is someone's mistake, not an identity.
constexpr qsizetype MaxLength = 256;

QString value(git_config *config, const char *key)
{
    git_buf buffer = GIT_BUF_INIT;
    if (git_config_get_string_buf(&buffer, config, key) != 0) {
        git_buf_dispose(&buffer);
        return {};
    }
    const BufferPtr owner(&buffer);
    QString text = QString::fromUtf8(buffer.ptr, qsizetype(buffer.size)).left(MaxLength);
    // An identity is printed on one line in tables and CSV: no control characters.
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QChar(u' ');
    }
    return text.trimmed();
}

} // namespace

Identity identityFor(const QString &directory)
{
    detail::ensureInitialised();
    ConfigPtr config;
    git_repository *rawRepository = nullptr;
    const QByteArray path = directory.toUtf8();
    if (!directory.isEmpty() && git_repository_open_ext(&rawRepository, path.constData(), 0, nullptr) == 0) {
        const detail::RepositoryPtr repository(rawRepository);
        git_config *rawConfig = nullptr;
        if (git_repository_config_snapshot(&rawConfig, repository.get()) == 0)
            config.reset(rawConfig);
    }
    if (!config) {
        git_config *rawConfig = nullptr;
        git_config *snapshot = nullptr;
        if (git_config_open_default(&rawConfig) != 0)
            return {};
        const ConfigPtr live(rawConfig);
        if (git_config_snapshot(&snapshot, live.get()) != 0)
            return {};
        config.reset(snapshot);
    }
    return Identity { value(config.get(), "user.name"), value(config.get(), "user.email") };
}

} // namespace rd::git
