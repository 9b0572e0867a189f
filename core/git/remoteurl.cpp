// SPDX-License-Identifier: GPL-3.0-or-later
#include "remoteurl.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace rd::git {

namespace {

Error refused(const QString &url, const QString &why)
{
    return Error{Error::Domain::Git, u"the repository URL '%1' %2"_s.arg(url.left(200), why), {}, 0};
}

// Host names and addresses as DNS and IP literals spell them; nothing an ssh client or a
// proxy command could read as an option ("-oProxyCommand=…").
bool isHostName(const QString &host)
{
    static const QRegularExpression name(u"\\A(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])\\z"_s);
    return name.match(host).hasMatch();
}

bool isUserName(const QString &user)
{
    static const QRegularExpression name(u"\\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\\z"_s);
    return user.isEmpty() || name.match(user).hasMatch();
}

bool hasControlOrSpace(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSpace())
            return true;
    }
    return false;
}

} // namespace

int RemoteUrl::effectivePort() const
{
    if (port > 0)
        return port;
    switch (transport) {
    case Transport::Ssh: return 22;
    case Transport::Git: return 9418;
    case Transport::Https: return 443;
    case Transport::Http: return 80;
    case Transport::File: return 0;
    }
    return 0;
}

bool looksLikeRemoteUrl(const QString &text)
{
    if (text.contains(u"://"))
        return true;
    if (text.contains(u"::"))
        return true; // a remote helper ("ext::…"): remote, and refused by parseRemoteUrl
    // git's rule for scp-like syntax: a colon before the first slash.
    const qsizetype colon = text.indexOf(u':');
    const qsizetype slash = text.indexOf(u'/');
    return colon > 0 && (slash < 0 || colon < slash);
}

Result<RemoteUrl> parseRemoteUrl(const QString &text)
{
    if (text.size() > MaxRemoteUrlLength)
        return std::unexpected(refused(text, u"is longer than %1 characters"_s.arg(MaxRemoteUrlLength)));
    if (text.isEmpty())
        return std::unexpected(refused(text, u"is empty"_s));
    if (text.startsWith(u'-'))
        return std::unexpected(refused(text, u"starts with '-', which git would read as an option"_s));
    const qsizetype schemeEnd = text.indexOf(u"://");
    const qsizetype helper = text.indexOf(u"::");
    if (helper >= 0 && (schemeEnd < 0 || helper < schemeEnd))
        return std::unexpected(refused(text, u"uses a git remote helper (TRANSPORT::ADDRESS), which may run programs and is not allowed"_s));
    if (hasControlOrSpace(text))
        return std::unexpected(refused(text, u"contains spaces or control characters"_s));

    RemoteUrl url;
    url.text = text;
    if (schemeEnd < 0) {
        // scp-like: [user@]host:path
        const qsizetype colon = text.indexOf(u':');
        const qsizetype slash = text.indexOf(u'/');
        if (colon <= 0 || (slash >= 0 && slash < colon))
            return std::unexpected(refused(text, u"is neither a URL (scheme://…) nor scp-like (user@host:path)"_s));
        const QString authority = text.left(colon);
        const qsizetype at = authority.lastIndexOf(u'@');
        url.user = at >= 0 ? authority.left(at) : QString();
        url.host = at >= 0 ? authority.mid(at + 1) : authority;
        url.path = text.mid(colon + 1);
        url.transport = RemoteUrl::Transport::Ssh;
    } else {
        const QString scheme = text.left(schemeEnd).toLower();
        if (scheme == u"ssh" || scheme == u"git+ssh" || scheme == u"ssh+git")
            url.transport = RemoteUrl::Transport::Ssh;
        else if (scheme == u"https")
            url.transport = RemoteUrl::Transport::Https;
        else if (scheme == u"http")
            url.transport = RemoteUrl::Transport::Http;
        else if (scheme == u"git")
            url.transport = RemoteUrl::Transport::Git;
        else if (scheme == u"file")
            url.transport = RemoteUrl::Transport::File;
        else
            return std::unexpected(refused(text, u"uses the transport '%1'; ssh, https, http, git and file are supported"_s.arg(scheme.left(40))));
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid())
            return std::unexpected(refused(text, u"is not a valid URL"_s));
        if (!parsed.password().isEmpty())
            return std::unexpected(refused(text, u"contains a password; secrets never belong in the workspace file"_s));
        if (!parsed.query().isEmpty() || !parsed.fragment().isEmpty())
            return std::unexpected(refused(text, u"has a query or fragment, which a git URL never has"_s));
        url.user = parsed.userName();
        url.host = parsed.host();
        url.port = parsed.port(0);
        url.path = parsed.path();
        if (url.transport == RemoteUrl::Transport::File) {
            if (!url.host.isEmpty() && url.host != u"localhost")
                return std::unexpected(refused(text, u"names another machine in a file:// URL"_s));
            url.host.clear();
            if (!url.path.startsWith(u'/'))
                return std::unexpected(refused(text, u"needs an absolute path after file://"_s));
            return url;
        }
        if (url.host.contains(u':'))
            url.host = u'[' + url.host + u']';
        if ((url.transport == RemoteUrl::Transport::Https || url.transport == RemoteUrl::Transport::Http)
            && !url.user.isEmpty())
            return std::unexpected(refused(text, u"contains a user name or token; secrets never belong in the workspace file"_s));
    }
    if (url.host.isEmpty() || !isHostName(url.host))
        return std::unexpected(refused(text, u"does not name a valid host (a name or an IP address, not starting with '-')"_s));
    if (!isUserName(url.user))
        return std::unexpected(refused(text, u"has a user name that is not a plain login name"_s));
    if (url.path.isEmpty() || url.path.startsWith(u'-'))
        return std::unexpected(refused(text, u"has an empty repository path or one starting with '-'"_s));
    if (url.port < 0 || url.port > 65535)
        return std::unexpected(refused(text, u"has a port outside 1–65535"_s));
    return url;
}

} // namespace rd::git
