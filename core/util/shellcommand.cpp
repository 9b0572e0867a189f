// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/shellcommand.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd {

namespace {

// Where a placeholder sits, as the shell parses it. Command substitutions nest: inside
// "$( … )" or `…` a new unquoted context begins, whose own quotes are independent of the
// double quotes around the substitution.
enum class Quoting { None, Single, DollarSingle, Double };

struct Frame
{
    enum class Kind { Top, Subshell, Backtick, Single, DollarSingle, Double };
    Kind kind = Kind::Top;
    int parens = 0;             // open "(" inside this (unquoted) frame, to find the ")" ending $(
};

bool isUnquoted(Frame::Kind kind)
{
    return kind == Frame::Kind::Top || kind == Frame::Kind::Subshell || kind == Frame::Kind::Backtick;
}

// {name}: the grammar of placeholders; anything else in braces (${VAR}, awk '{print}') is
// left to the shell.
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(u"\\{([a-z][a-z_]{0,31})\\}"_s);
    return pattern;
}

Result<QString> placed(const CommandVariable &variable, Quoting quoting, bool inBackticks)
{
    const QString &value = variable.value;
    if (value.contains(u'\n') || value.contains(u'\r') || value.contains(QChar(0)))
        return fail(Error::Domain::Usage, u"the value for {%1} contains a line break, which a command cannot take"_s.arg(variable.name));
    // Inside `…` the shell first removes backslashes before $ ` \ and ends the substitution at
    // the next backtick, before any quoting inside it applies: no quoting protects those two.
    if (inBackticks && (value.contains(u'`') || value.contains(u'\\')))
        return fail(Error::Domain::Usage,
                    u"the value for {%1} contains ` or \\, which would end or alter the `…` command substitution around it"_s.arg(variable.name));
    switch (quoting) {
    case Quoting::None:
        return shellQuote(value);
    case Quoting::Single:
        if (value.contains(u'\''))
            return fail(Error::Domain::Usage,
                        u"the value for {%1} contains ', which would end the quotes around it in the command"_s.arg(variable.name));
        return value;
    case Quoting::DollarSingle:
        // $'…' interprets backslash escapes (\' does not end it, \x27 is a quote).
        if (value.contains(u'\'') || value.contains(u'\\'))
            return fail(Error::Domain::Usage,
                        u"the value for {%1} contains ' or \\, which the shell would interpret inside the $'…' quotes around it"_s.arg(variable.name));
        return value;
    case Quoting::Double:
        for (const QChar c : value) {
            if (c == u'$' || c == u'`' || c == u'"' || c == u'\\')
                return fail(Error::Domain::Usage,
                            u"the value for {%1} contains '%2', which the shell would interpret inside the double quotes around it"_s
                                .arg(variable.name, QString(c)));
        }
        return value;
    }
    return value;
}

} // namespace

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QStringList commandPlaceholders(const QString &command)
{
    QStringList names;
    auto it = placeholderPattern().globalMatch(command);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

Result<QString> expandCommand(const QString &command, const QList<CommandVariable> &variables)
{
    QString result;
    result.reserve(command.size() + 64);
    QList<Frame> stack{Frame{}};
    int backticks = 0;   // how many `…` frames are open
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        const QChar next = i + 1 < command.size() ? command.at(i + 1) : QChar();
        Frame &frame = stack.last();
        if (frame.kind == Frame::Kind::Single) {
            if (c == u'\'')
                stack.removeLast();
        } else if (frame.kind == Frame::Kind::DollarSingle) {
            if (c == u'\\' && i + 1 < command.size()) {
                result += c;
                result += command.at(++i);  // \' and \\ stay inside $'…'
                continue;
            }
            if (c == u'\'')
                stack.removeLast();
        } else {
            if (c == u'\\' && i + 1 < command.size()) {
                result += c;
                result += command.at(++i);  // an escaped character never opens or closes anything
                continue;
            }
            const bool unquoted = isUnquoted(frame.kind);
            if (c == u'$' && next == u'(') {
                stack.append(Frame{Frame::Kind::Subshell, 0});
                result += c;
                result += command.at(++i);
                continue;
            }
            if (c == u'`') {
                if (frame.kind == Frame::Kind::Backtick) {
                    stack.removeLast();
                    --backticks;
                } else {
                    stack.append(Frame{Frame::Kind::Backtick, 0});
                    ++backticks;
                }
            } else if (frame.kind == Frame::Kind::Double) {
                if (c == u'"')
                    stack.removeLast();
            } else if (unquoted) {
                if (c == u'\'') {
                    stack.append(Frame{Frame::Kind::Single, 0});
                } else if (c == u'$' && next == u'\'') {
                    stack.append(Frame{Frame::Kind::DollarSingle, 0});
                    result += c;
                    result += command.at(++i);
                    continue;
                } else if (c == u'"') {
                    stack.append(Frame{Frame::Kind::Double, 0});
                } else if (c == u'(') {
                    ++frame.parens;
                } else if (c == u')') {
                    if (frame.parens > 0)
                        --frame.parens;
                    else if (frame.kind == Frame::Kind::Subshell)
                        stack.removeLast();
                }
            }
        }
        if (c == u'{') {
            const QRegularExpressionMatch match = placeholderPattern().matchView(QStringView(command), i,
                QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
            if (match.hasMatch()) {
                const QString name = match.captured(1);
                const auto variable = std::find_if(variables.begin(), variables.end(),
                                                   [&](const CommandVariable &v) { return v.name == name; });
                if (variable == variables.end())
                    return fail(Error::Domain::Config, u"the command uses {%1}, which has no value here"_s.arg(name));
                const Frame::Kind kind = stack.last().kind;
                const Quoting quoting = kind == Frame::Kind::Single         ? Quoting::Single
                                      : kind == Frame::Kind::DollarSingle   ? Quoting::DollarSingle
                                      : kind == Frame::Kind::Double         ? Quoting::Double
                                                                            : Quoting::None;
                Result<QString> value = placed(*variable, quoting, backticks > 0);
                if (!value)
                    return std::unexpected(value.error());
                result += *value;
                i += match.capturedLength() - 1;
                continue;
            }
        }
        result += c;
    }
    switch (stack.last().kind) {
    case Frame::Kind::Top:
        return result;
    case Frame::Kind::Single:
    case Frame::Kind::DollarSingle:
        return fail(Error::Domain::Config, u"the command has an unterminated single quote"_s);
    case Frame::Kind::Double:
        return fail(Error::Domain::Config, u"the command has an unterminated double quote"_s);
    case Frame::Kind::Subshell:
        return fail(Error::Domain::Config, u"the command has an unterminated $( command substitution"_s);
    case Frame::Kind::Backtick:
        return fail(Error::Domain::Config, u"the command has an unterminated ` command substitution"_s);
    }
    return result;
}

} // namespace rd
