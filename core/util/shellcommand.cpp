// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/shellcommand.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd {

namespace {

enum class Quoting { None, Single, Double };

// {name}: the grammar of placeholders; anything else in braces (${VAR}, awk '{print}') is
// left to the shell.
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(u"\\{([a-z][a-z_]{0,31})\\}"_s);
    return pattern;
}

Result<QString> placed(const CommandVariable &variable, Quoting quoting)
{
    const QString &value = variable.value;
    if (value.contains(u'\n') || value.contains(u'\r') || value.contains(QChar(0)))
        return fail(Error::Domain::Usage, u"the value for {%1} contains a line break, which a command cannot take"_s.arg(variable.name));
    switch (quoting) {
    case Quoting::None:
        return shellQuote(value);
    case Quoting::Single:
        if (value.contains(u'\''))
            return fail(Error::Domain::Usage,
                        u"the value for {%1} contains ', which would end the quotes around it in the command"_s.arg(variable.name));
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
    Quoting quoting = Quoting::None;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (c == u'\\' && quoting != Quoting::Single && i + 1 < command.size()) {
            result += c;
            result += command.at(++i);  // an escaped character never opens or closes quotes
            continue;
        }
        if (c == u'\'' && quoting != Quoting::Double)
            quoting = quoting == Quoting::Single ? Quoting::None : Quoting::Single;
        else if (c == u'"' && quoting != Quoting::Single)
            quoting = quoting == Quoting::Double ? Quoting::None : Quoting::Double;
        if (c == u'{') {
            const QRegularExpressionMatch match = placeholderPattern().matchView(QStringView(command), i,
                QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
            if (match.hasMatch()) {
                const QString name = match.captured(1);
                const auto variable = std::find_if(variables.begin(), variables.end(),
                                                   [&](const CommandVariable &v) { return v.name == name; });
                if (variable == variables.end())
                    return fail(Error::Domain::Config, u"the command uses {%1}, which has no value here"_s.arg(name));
                Result<QString> value = placed(*variable, quoting);
                if (!value)
                    return std::unexpected(value.error());
                result += *value;
                i += match.capturedLength() - 1;
                continue;
            }
        }
        result += c;
    }
    if (quoting != Quoting::None)
        return fail(Error::Domain::Config, u"the command has an unterminated %1 quote"_s
                                               .arg(quoting == Quoting::Single ? u"single"_s : u"double"_s));
    return result;
}

} // namespace rd
