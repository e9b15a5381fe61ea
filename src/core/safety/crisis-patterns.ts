/**
 * The rule layer's phrases, RU and EN, written by us: only those that measured as certain. Each was
 * checked against the corpus in data/safety/ (scripts/train-safety.ts --audit-rules): a phrase that
 * fired on any hard negative written by the team or the blind writers went, and so did every phrase
 * whose crisis lines the learned model already caught on its own. What is left is certain and adds
 * something. `\b` in a pattern means a Unicode word boundary (JS's own \b does not know Cyrillic).
 * negatable: the match is ignored when a negation stands just before it in the same clause
 * ("I'm not going to hurt myself", "я не собираюсь себя убивать"). Patterns that already carry their own
 * negation ("don't want to live", "не хочу жить") are not negatable.
 * requires: a second pattern that must also occur.
 */
export type CrisisCategory = 'suicide' | 'self_harm' | 'abuse' | 'panic';

export interface CrisisPatternSource {
  category: CrisisCategory;
  pattern: string;
  negatable: boolean;
  requires?: string;
}

const EN_PARTNER = "(?:he|she|they|my (?:ex-husband|ex-wife|husband|wife|partner|boyfriend|girlfriend|bf|gf|dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmother|brother|sister|uncle|son|ex))";

export const EN_PATTERNS: CrisisPatternSource[] = [
  { category: 'suicide', pattern: '\\b(?:kill|killing|end|ending) myself\\b', negatable: true },
  { category: 'suicide', pattern: '\\bwish i (?:had )?never (?:been born|existed)\\b', negatable: false },
  { category: 'suicide', pattern: "\\b(?:don'?t|do not|no longer) want to (?:live|be alive|exist|wake up|be here)\\b(?! (?:in|at|with|near|there|on|to)\\b)", negatable: false },
  { category: 'suicide', pattern: "\\b(?:what'?s|what is|there'?s no|no) (?:the )?point (?:of|in) (?:living|life|going on|being alive|being here)\\b", negatable: false },
  { category: 'suicide', pattern: '\\b(?:tired|sick) of (?:being alive|living|life|existing)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:can'?t|cannot|don'?t think i can) (?:keep going|carry on|go on)\\b", negatable: false },
  { category: 'suicide', pattern: '\\b(?:time|going|want|ready|decided) (?:for me )?to (?:just )?end (?:things|it|everything|it all)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:i'?m|i am) (?:just |such )?(?:a|the) burden\\b", negatable: true },
  { category: 'suicide', pattern: '\\bhow many (?:pills|tablets|sleeping pills)\\b|\\b(?:looked up|searched|googled|googling) (?:how|ways) to (?:die|kill myself|end it)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:pain|it|everything) to stop (?:forever|for good)\\b|\\bend my suffering\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:i'?m|i am|feel|feeling) (?:so |really |very )?suicidal\\b", negatable: true },
  { category: 'suicide', pattern: '\\b(?:jump|jumping) (?:off|from) (?:the|a) (?:bridge|roof|building|balcony)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:disappear(?:ed)? (?:for good|forever)|won'?t be (?:around|here) (?:much longer|anymore|tomorrow))\\b", negatable: false },
  { category: 'suicide', pattern: "\\b(?:gonna|going to|want to|wanna|about to|ready to|i'?ll|i will) (?:finally |just )?end it\\b", negatable: true },
  { category: 'suicide', pattern: "\\b(?:don'?t|do not|can'?t|cannot) see (?:any |a )?way out\\b|\\bthere'?s no way out\\b", negatable: false },
  { category: 'suicide', pattern: '\\bthanks? (?:you )?for everything\\b', negatable: false, requires: '\\b(?:goodbye|bye forever|farewell|last time)\\b' },
  { category: 'suicide', pattern: '\\b(?:letters?|notes?) (?:to|for) (?:my \\p{L}+|everyone)\\b', negatable: true, requires: "\\b(?:for after|after i'?m gone|when i'?m gone|in the drawer|goodbye)\\b" },
  { category: 'self_harm', pattern: '\\b(?:punching|hitting|slapping|scratching) (?:the wall and )?my (?:own )?(?:face|head|arms?|legs?)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:used|using|grabbed|took out|picked up) (?:the|a|my) (?:razor|blade|lighter)s?(?: again)?\\b', negatable: true, requires: '\\b(?:again|relapsed?|arm|wrist|leg|skin|myself|mess|bleed\\p{L}*)\\b' },
  { category: 'abuse', pattern: `\\b${EN_PARTNER}(?: \\p{L}+)? (?:threatens|threatened|threatening) to (?:kill|hurt|beat|harm) me\\b`, negatable: true },
  { category: 'abuse', pattern: '\\b(?:will|is going to|gonna|might) (?:kill|hurt|beat) me\\b', negatable: true, requires: '\\b(?:afraid|scared|terrified|fear)\\b' },
  { category: 'abuse', pattern: "\\b(?:i was|i'?ve been|i am|i'?m being|got) (?:raped|sexually assaulted|sexually abused|beaten up|abused)\\b", negatable: true },
  { category: 'panic', pattern: "\\b(?:think|feel like) i'?m (?:dying|having a heart attack)\\b", negatable: true, requires: '\\b(?:heart|chest|breath|breathe|shaking|panic)\\p{L}*' },
];

export const RU_PATTERNS: CrisisPatternSource[] = [
  { category: 'suicide', pattern: '\\bя (?:для всех |всем )?(?:только )?обуза\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:прекратил\\p{L}*|закончил\\p{L}*|кончил\\p{L}*) навсегда\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:зачем|незачем|сил нет|надоело|нет сил) (?:мне )?(?:больше )?жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:коплю|копить|собираю) (?:снотворное|таблетки)\\b', negatable: true },
  { category: 'suicide', pattern: '\\bсвести сч[её]ты с жизнью\\b', negatable: true },
  { category: 'suicide', pattern: '\\bне хочу (?:больше )?(?:жить|просыпаться|существовать)\\b(?! (?:в|на|с|у|здесь|там|тут|рядом)\\b)|\\bжить не хочется\\b|\\bне хочется (?:больше )?жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\bлучше (?:бы )?(?:я )?(?:умер|умерла|не рождал\\p{L}*|вообще не рождал\\p{L}*)\\b|\\bлучше бы я вообще не рождал\\p{L}*', negatable: false },
  { category: 'suicide', pattern: '\\b(?:всем|им|вам|тебе) (?:будет|станет) лучше без меня\\b|\\bбез меня всем (?:будет|станет) лучше\\b', negatable: false },
  { category: 'suicide', pattern: '\\bустала? жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\bзачем (?:вообще |мне )?(?:просыпаться|продолжать)\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:быть|стать|стал\\p{L}*|являюсь) (?:для всех |всем )?обуз\\p{L}*', negatable: true },
  { category: 'suicide', pattern: '\\b(?:поплачут|погорюют|попереживают) и (?:забудут|привыкнут|успокоятся|переживут)\\b', negatable: false },
  { category: 'suicide', pattern: '\\bраздал\\p{L}* (?:все )?(?:свои )?вещи\\b', negatable: true, requires: '\\b(?:ничего не держит|больше не нужн\\p{L}*|не понадоб\\p{L}*|попрощаться|прощай\\p{L}*)\\b' },
  { category: 'suicide', pattern: '\\b(?:наглотаться|наглотаюсь) таблеток\\b|\\bвыпить все таблетки\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:спрыгнуть|прыгнуть|выпрыгнуть|сброситься) (?:с|из) (?:крыши|моста|окна|балкона)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\bпорезала? себе (?:руки|руку|вены|ноги|запястья)\\b|\\bрежу (?:руки|вены|запястья)\\b', negatable: true },
  { category: 'abuse', pattern: '\\bзаставля\\p{L}* меня (?:спать|заниматься|раздеваться|делать то)\\b', negatable: true },
  { category: 'abuse', pattern: '\\b(?:дает|дал|давал|дала) мне пощечин\\p{L}*|\\b(?:запирает|запер|заперла|запирают) меня\\b', negatable: true },
  { category: 'abuse', pattern: '\\bменя (?:\\p{L}+ )?(?:убь[её]т|изобь[её]т|покалечит)\\b', negatable: true, requires: '\\b(?:боюсь|страшно|опасаюсь|угрожа\\p{L}*)\\b' },
  { category: 'panic', pattern: '\\b(?:не могу|не получается) (?:дышать|вдохнуть|отдышаться|успокоиться)\\b|\\bзадыхаюсь\\b|\\bне хватает воздуха\\b|\\bвоздуха не хватает\\b|\\bгрудь сдавил\\p{L}*', negatable: false,
    requires: '\\b(?:сердце|сердечн\\p{L}*|колотится|трясет|трясутся|умираю|паник\\p{L}*|грудь|груди)\\b' },
];

/**
 * Everyday idioms that use crisis words without crisis meaning. Their text is blanked before matching,
 * so "this exam is killing me" or "я чуть не умер со смеху" never reach the patterns above.
 */
export const IDIOMS: string[] = [
  // EN
  '\\b(?:die|dying|died) (?:of|from) (?:laughter|laughing|embarrassment|boredom)\\b', '\\b(?:die|dying|died) laughing\\b', '\\bdying to\\b', '\\bto die for\\b',
  '\\bbored to death\\b', '\\b(?:kill|killing) time\\b', '\\bcould kill for\\b', '\\bwould kill me\\b', '\\bkilled it\\b',
  '\\bhit me up\\b', '\\bударил\\p{L}* током\\b', '\\bне хочу просыпаться (?:с|рядом)\\b', '\\b(?:beat|beats|hit|hits) me (?:at|in|to|with (?:a|the) (?:pillow|ball|snowball))\\b',
  '\\b(?:laugh|laughed|laughing) so hard\\b(?:[^.!?]*)', "\\bdie my hair\\b", '\\bdied a little\\b',
  // RU
  '\\b(?:чуть не )?(?:умер|умерла|умираю|умрешь|умру) (?:со|от) (?:смеху|смеха|скуки|стыда|голода)\\b',
  '\\b(?:убить|убиваю|убивать|убили) время\\b', '\\bхоть убей\\b', '\\bубей не помню\\b', '\\bубийственно\\p{L}*',
  '\\bтак смеял\\p{L}*,? что\\b(?:[^.!?]*)', '\\bумираю,? как хочу\\b', '\\bв зале себя убил\\p{L}*',
  '\\bубил бы за\\b|\\bубила бы за\\b|\\bбы убил за\\b|\\bбы убила за\\b',
  // "if I hear that song once more, I'll hang myself, haha": a threat about a trifle, said as a joke.
  '\\bесли (?:я )?(?:ещ[её] раз|снова|опять)\\b[^.!?]{0,60}\\b(?:повешусь|застрелюсь|утоплюсь)\\b(?=[^.!?]{0,20}\\b(?:ахах\\p{L}*|хах\\p{L}*|лол|шучу)\\b)',
  "\\bif i (?:have to|hear|see|get)\\b[^.!?]{0,60}\\b(?:one more time|again)\\b[^.!?]{0,20}\\bi'?ll (?:kill myself|die)\\b",
];

/** Someone else's story (a film, a book, a character): the words before the match make it third-person. */
export const NARRATIVE = '\\b(?:который|которая|которые|которого|герой|героиня|персонаж|фильм\\p{L}*|книг\\p{L}*|рассказал\\p{L}*|в юности|в детстве|в школе|когда-то|давно|песн\\p{L}*|стих\\p{L}*|who|character|movie|film|book|story|song|lyrics|poem|used to|told me)\\b';

export const NEGATORS: Record<'en' | 'ru', string> = {
  en: "\\b(?:not|never|no|nothing|wouldn'?t|won'?t|don'?t|didn'?t|doesn'?t)\\b|n't\\b",
  ru: '\\b(?:не|никогда|ни за что|нет)\\b',
};

/** Play, not violence: "punched me in the arm as a joke", "в шутку ударила". */
export const PLAY = '(?:as a joke|jokingly|playfully|for fun|в шутку|шутя|понарошку|играя)';

/**
 * A crisis that is over: said in the past and with recovery ("years ago … I got help and I'm doing
 * well now"). Such a message is not flagged by a rule unless it also says it is back (OVER_CURRENT):
 * "…, but now I want to die again" is a relapse, and the most dangerous message of all to miss.
 */
export const OVER_PAST: Record<'en' | 'ru', string> = {
  en: "\\b(?:years? ago|last year|back then|used to|in (?:high )?school|when i was (?:a kid|younger|little|a teenager)|a while ago|long time ago|a few years)\\b",
  ru: '\\b(?:лет (?:\\p{L}+ )?назад|год\\p{L}* назад|в прошлом году|раньше|когда-то|в школе|в юности|в детстве|было дело|давно)\\b',
};
export const OVER_RECOVERED: Record<'en' | 'ru', string> = {
  en: "\\b(?:got help|getting help|doing (?:well|better|fine|ok(?:ay)?) now|i'?m (?:fine|ok(?:ay)?|better|good|doing (?:well|better)) now|it(?:'s| is) (?:over|behind me)|it passed|behind me|recovered|never happened again|hasn'?t happened (?:again|since)|haven'?t (?:done|felt) (?:it|that) (?:in|for|since))\\b",
  ru: '\\b(?:пролечил\\p{L}*|вылечил\\p{L}*|справил\\p{L}*|(?:давно )?прошло|теперь (?:вс[её] )?(?:норм\\p{L}*|хорошо|в порядке)|сейчас (?:\\p{L}+ )?(?:вс[её] )?(?:хорошо|норм\\p{L}*|в порядке)|позади|ничего такого|больше (?:такого|такое) не (?:было|повторял\\p{L}*))\\b',
};
export const OVER_CURRENT: Record<'en' | 'ru', string> = {
  en: "\\b(?:again|today|tonight|right now|lately|these days|came back|coming back|(?:but|and) now(?! i'?m (?:fine|ok|okay|better|good|doing (?:well|fine|better))))\\b",
  ru: '\\b(?:опять|снова|сегодня|в последнее время|вернул\\p{L}*|(?:но|а|и) (?:сейчас|теперь)(?! (?:вс[её] )?(?:норм\\p{L}*|хорошо|в порядке)))\\b',
};

/**
 * Direct statements, found in any word order inside one clause: every `all` pattern must match the
 * same clause (clauses end at . ! ? ; , and at "but"/"но"), and no `unlessClause` may. Russian word
 * order is free ("не хочу я больше жить", "жить я больше не хочу", "муж меня бьёт", "бьёт меня муж"),
 * and the few statements that are never anything but a crisis must be caught however they are said.
 * The whole-message guards of the rule layer (idioms, jokes, a crisis told as over, someone else's
 * story, a question asked and answered) apply to these too.
 */
export interface ClauseRuleSource {
  category: CrisisCategory;
  all: string[];
  unlessClause?: string;
}

const RU_NEGATED = '\\b(?:не|никогда|ни за что)\\b';
const RU_SOMEONE_ELSE = '\\b(?:он|она|они|брат|сестра|друг|подруга|сын|дочь|дочка|мама|папа|мать|отец|герой|героиня|который|которая|пытал\\p{L}*|покончил\\p{L}*)\\b';
const EN_NEGATED = "\\b(?:not|never|don'?t|do not|won'?t|wouldn'?t|no)\\b";

export const RU_CLAUSE_RULES: ClauseRuleSource[] = [
  // "не хочу (больше) жить" in any order, but not "не хочу жить в этом городе / с родителями / как раньше".
  { category: 'suicide', all: ['\\bне (?:хочу|хочется)\\b', '\\bжить\\b'], unlessClause: '\\b(?:в|во|на|с|со|у|без|здесь|там|тут|рядом|вместе|одна|один|как|так|по-старому)\\b' },
  { category: 'suicide', all: ['\\b(?:хочу|хочется)\\b', '\\b(?:умереть|сдохнуть|помереть)\\b'], unlessClause: `${RU_NEGATED}|\\bчтобы\\b` },
  { category: 'suicide', all: ['\\b(?:покончу|покончить)\\b', '\\bс собой\\b'], unlessClause: `${RU_NEGATED}|${RU_SOMEONE_ELSE}` },
  { category: 'suicide', all: ['\\b(?:убью|убить|убиваю|убивать)\\b', '\\bсебя\\b'], unlessClause: `${RU_NEGATED}|${RU_SOMEONE_ELSE}` },
  { category: 'suicide', all: ['\\b(?:уйти|уйду)\\b', '\\bиз жизни\\b'], unlessClause: `${RU_NEGATED}|${RU_SOMEONE_ELSE}` },
  { category: 'self_harm', all: ['\\b(?:режу|резать|порежу|порезать)\\b', '\\bсебя\\b'], unlessClause: `${RU_NEGATED}|${RU_SOMEONE_ELSE}` },
  { category: 'abuse', all: ['\\b(?:муж|парень|отец|папа|отчим|брат|мать|мама|мачеха|жена|бывший|бывшая|сожитель)\\b', '\\bменя\\b', '\\b(?:бьет|избивает|душит|насилует)\\b'], unlessClause: RU_NEGATED },
];

export const EN_CLAUSE_RULES: ClauseRuleSource[] = [
  { category: 'suicide', all: ["\\bi (?:\\p{L}+ ){0,2}(?:want to|wanna) (?:die|be dead)\\b|\\bi wish i (?:was|were) dead\\b"], unlessClause: EN_NEGATED },
  { category: 'suicide', all: ["\\bi (?:\\p{L}+ ){0,2}(?:want|wanna|going|gonna|plan|planning|decided|about) to commit suicide\\b|\\bi'?m (?:so |really )?suicidal\\b"], unlessClause: EN_NEGATED },
  // "I cut myself", but not "cut myself off from sugar", "cut myself shaving", "hurt myself laughing".
  { category: 'self_harm', all: ['\\bi (?:\\p{L}+ ){0,2}(?:cut|cutting|hurt|hurting|burn|burned|burnt|harm|harming) myself\\b'], unlessClause: `${EN_NEGATED}|\\b(?:off|shaving|accident\\p{L}*|by mistake|cooking|chopping|laughing|kitchen|slipped|fell|gym|workout|training|lifting|running|playing)\\b` },
  { category: 'suicide', all: ["\\bi hope i (?:die|don'?t wake up|do not wake up|never wake up)\\b"] },
  { category: 'suicide', all: ['\\bi (?:\\p{L}+ ){0,2}(?:want|wanna|going|gonna|plan|planning|decided) to (?:end|take) my (?:own )?life\\b'], unlessClause: EN_NEGATED },
  { category: 'suicide', all: ['\\b(?:write|writing|wrote|help me with) (?:a |my )?suicide (?:note|letter)\\b'] },
];

/**
 * The rule layer stays silent on messages that only talk about a crisis: a question someone asked
 * and the answer to it ("the nurse asked if I want to hurt myself, I said no"), a questionnaire, a jokey
 * exaggeration. The learned model reads those instead.
 */
export const REPORTED = "\\b(?:asked (?:me )?(?:if|whether|about)|asks (?:if|about)|questionnaire|survey|form asks|i said no|i answered|спросил\\p{L}* (?:меня )?(?:не|ли|про|о)|вопрос\\p{L}*|анкет\\p{L}*|опросник\\p{L}*|шкал\\p{L}*|я ответил\\p{L}*|я сказала? нет|спрош\\p{L}*|у вас|hangover|похмел\\p{L}*)\\b|\\b(?:lol|lmao|haha\\p{L}*|jk|kidding|joking|лол|ахах\\p{L}*|хаха\\p{L}*|шучу|шутка)\\b";
