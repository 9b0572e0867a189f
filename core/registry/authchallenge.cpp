// SPDX-License-Identifier: GPL-3.0-or-later
#include "authchallenge.h"

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

constexpr qsizetype MaxHeader = 16 * 1024;
constexpr qsizetype MaxChallenges = 8;
constexpr qsizetype MaxParameters = 16;
constexpr qsizetype MaxValue = 4096;

bool isTokenChar(char c)
{
    // tchar of RFC 9110
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

class Parser
{
public:
    explicit Parser(const QByteArray &text)
        : m_text(text)
    {
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    void skipSpaceAndCommas()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ','))
            ++m_pos;
    }
    QByteArray token()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isTokenChar(peek()))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }
    // A quoted-string after its opening quote; false when unterminated or too long.
    bool quoted(QByteArray &out)
    {
        while (!atEnd()) {
            char c = m_text.at(m_pos++);
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd())
                    return false;
                c = m_text.at(m_pos++);
            }
            if (c == '\r' || c == '\n' || c == '\0')
                return false;
            out.append(c);
            if (out.size() > MaxValue)
                return false;
        }
        return false;
    }
    qsizetype position() const { return m_pos; }
    void seek(qsizetype pos) { m_pos = pos; }

private:
    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

} // namespace

QList<AuthChallenge> parseAuthChallenges(const QByteArray &header)
{
    QList<AuthChallenge> challenges;
    if (header.size() > MaxHeader)
        return challenges;
    Parser p(header);
    p.skipSpaceAndCommas();
    while (!p.atEnd() && challenges.size() < MaxChallenges) {
        const QByteArray scheme = p.token();
        if (scheme.isEmpty())
            break; // not a token: malformed, stop here
        AuthChallenge challenge;
        challenge.schemeName = QString::fromLatin1(scheme);
        const QByteArray lower = scheme.toLower();
        challenge.scheme = lower == "basic" ? AuthChallenge::Scheme::Basic
                         : lower == "bearer" ? AuthChallenge::Scheme::Bearer
                                             : AuthChallenge::Scheme::Other;
        bool malformed = false;
        // auth-params: name = (token | quoted-string), separated by commas. A token not
        // followed by '=' starts the next challenge.
        while (true) {
            p.skipSpaceAndCommas();
            if (p.atEnd())
                break;
            const qsizetype start = p.position();
            const QByteArray name = p.token();
            if (name.isEmpty()) {
                malformed = true;
                break;
            }
            p.skipSpace();
            if (p.peek() != '=') {
                // the next challenge's scheme (or a token68 of a scheme we do not use)
                p.seek(start);
                break;
            }
            p.seek(p.position() + 1); // '='
            p.skipSpace();
            QByteArray value;
            if (p.peek() == '"') {
                p.seek(p.position() + 1);
                if (!p.quoted(value)) {
                    malformed = true;
                    break;
                }
            } else {
                value = p.token();
                // token68 may end in '=' padding
                while (p.peek() == '=') {
                    value.append('=');
                    p.seek(p.position() + 1);
                }
                if (value.size() > MaxValue) {
                    malformed = true;
                    break;
                }
            }
            if (challenge.parameters.size() >= MaxParameters) {
                malformed = true;
                break;
            }
            const QString key = QString::fromLatin1(name).toLower();
            if (!challenge.parameters.contains(key)) // the first occurrence wins
                challenge.parameters.insert(key, QString::fromUtf8(value));
        }
        challenges.append(challenge);
        if (malformed)
            break;
        p.skipSpaceAndCommas();
    }
    return challenges;
}

} // namespace rd::registry
