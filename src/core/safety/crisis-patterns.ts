/**
 * Crisis phrasings, RU and EN, written by us. Kept apart from the matcher so they are easy to review and extend.
 * `\b` in a pattern means a Unicode word boundary (JS's own \b does not know Cyrillic).
 * negatable: the match is ignored when a negation stands just before it in the same clause
 * ("I'm not going to hurt myself", "я не собираюсь себя убивать"). Patterns that already carry their own
 * negation ("don't want to live", "не хочу жить") are not negatable.
 * requires: a second pattern that must also occur (panic needs two signs, so "I laughed so hard I couldn't
 * breathe" does not count).
 */
export type CrisisCategory = 'suicide' | 'self_harm' | 'abuse' | 'panic';

export interface CrisisPatternSource {
  category: CrisisCategory;
  pattern: string;
  negatable: boolean;
  requires?: string;
}

const EN_PARTNER = "(?:he|she|they|my (?:ex-husband|ex-wife|husband|wife|partner|boyfriend|girlfriend|bf|gf|dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmother|brother|sister|uncle|son|ex))";
const RU_PERSON = '(?:он|она|они|муж|жена|парень|девушка|отец|папа|мама|мать|отчим|мачеха|брат|сестра|сын|бывший|бывшая|дядя)';
const RU_HIT = '(?:столкнул\\p{L}*|толка\\p{L}*|толкнул\\p{L}*|швыря\\p{L}*|ударил\\p{L}*|бьет|бьют|бил|била|били|избива\\p{L}*|избил\\p{L}*|душ(?:ит|ил|ила|ат)|насилу\\p{L}*|изнасил\\p{L}*|пина\\p{L}*|колот\\p{L}*|лупит|лупил\\p{L}*|угрожа\\p{L}*)';

export const EN_PATTERNS: CrisisPatternSource[] = [
  // suicide
  { category: 'suicide', pattern: '\\b(?:kill|killing|end|ending) myself\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:end|ending|take|taking) my (?:own )?life\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:end it all|end it tonight|end it now|end everything)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:want|wanna|going|ready|planning|plan) to die\\b", negatable: true },
  { category: 'suicide', pattern: '\\bi wish i (?:was|were) dead\\b', negatable: false },
  { category: 'suicide', pattern: '\\bwish i (?:had )?never (?:been born|existed)\\b', negatable: false },
  { category: 'suicide', pattern: "\\b(?:don'?t|do not|no longer) want to (?:live|be alive|exist|wake up|be here)\\b(?! (?:in|at|with|near|there|on|to)\\b)", negatable: false },
  { category: 'suicide', pattern: "\\b(?:what'?s|what is|there'?s no|no) (?:the )?point (?:of|in) (?:living|life|going on|being alive|being here)\\b", negatable: false },
  { category: 'suicide', pattern: '\\b(?:tired|sick) of (?:being alive|living|life|existing)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:sleep|fall asleep|go to sleep) and (?:not|never) wake up\\b', negatable: false },
  { category: 'suicide', pattern: "\\b(?:can'?t|cannot|don'?t think i can) (?:keep going|carry on|go on)\\b", negatable: false },
  { category: 'suicide', pattern: '\\b(?:time|going|want|ready|decided) (?:for me )?to (?:just )?end (?:things|it|everything|it all)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:better|happier) (?:off )?if i (?:was|were|wasn\'?t|weren\'?t|was not|were not) (?:gone|dead|not here|in it|around|here|alive)\\b', negatable: false },
  { category: 'suicide', pattern: "\\b(?:i'?m|i am) (?:just |such )?(?:a|the) burden\\b", negatable: true },
  { category: 'suicide', pattern: "\\b(?:they|everyone|you|people|my family)(?:'d| would) be (?:happier|better|fine|better off)\\b", negatable: false, requires: '\\b(?:gone|without me|dead|not here)\\b' },
  { category: 'suicide', pattern: '\\bhow many (?:pills|tablets|sleeping pills)\\b|\\b(?:looked up|searched|googled|googling) (?:how|ways) to (?:die|kill myself|end it)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:pain|it|everything) to stop (?:forever|for good)\\b|\\bend my suffering\\b', negatable: true },
  { category: 'suicide', pattern: '\\bfinally do it\\b', negatable: true, requires: '\\b(?:tonight|today|tomorrow|end|goodbye|die)\\b' },
  { category: 'suicide', pattern: '\\b(?:saving|stockpiling|collecting|hoarding) (?:up )?(?:my |all my )?(?:sleeping )?(?:pills|tablets|meds|medication)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:no|don'?t see (?:the|any)|there'?s no) (?:reason|point) (?:to|in|of) (?:keep )?(?:living|live|going on|being alive)\\b", negatable: false },
  { category: 'suicide', pattern: '\\b(?:better off|be better) without me\\b', negatable: false },
  { category: 'suicide', pattern: "\\b(?:i'?m|i am|feel|feeling) (?:so |really |very )?suicidal\\b", negatable: true },
  { category: 'suicide', pattern: '\\b(?:suicidal thoughts|thoughts of suicide|thinking (?:about|of) suicide|commit suicide)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:can'?t|cannot) go on\\b", negatable: false },
  { category: 'suicide', pattern: '\\bwant (?:it|everything) (?:all )?to end\\b', negatable: true },
  { category: 'suicide', pattern: '\\bgoodbye (?:letter|note)s?\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:jump|jumping) (?:off|from) (?:the|a) (?:bridge|roof|building|balcony)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:take|taking|swallow) (?:all )?(?:my|the|these) pills\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:hang|hanging) myself\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:disappear(?:ed)? (?:for good|forever)|won'?t be (?:around|here) (?:much longer|anymore|tomorrow))\\b", negatable: false },
  { category: 'suicide', pattern: '\\bsleep and never wake up\\b', negatable: false },
  // Intent said plainly in speech: "gonna end it", "want it all to be over", "no way out".
  { category: 'suicide', pattern: "\\b(?:gonna|going to|want to|wanna|about to|ready to|i'?ll|i will) (?:finally |just )?end it\\b", negatable: true },
  { category: 'suicide', pattern: '\\bwant (?:it|everything|it all|all of it)(?: all)? to (?:be over|stop forever|just stop forever)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:don'?t|do not|can'?t|cannot) see (?:any |a )?way out\\b|\\bthere'?s no way out\\b", negatable: false },
  { category: 'suicide', pattern: "\\b(?:what'?s|what is) (?:even |really )?the point (?:of|in) (?:getting up|waking up|trying|anything|any of (?:this|it)|going on)\\b", negatable: false },
  // Goodbyes and preparations.
  { category: 'suicide', pattern: '\\b(?:wrote|written|writing|left) (?:a )?(?:note|letter|messages?) (?:for|to) (?:my \\p{L}+|everyone|all of them|them)\\b', negatable: true, requires: "\\b(?:just in case|in case|goodbye|when i'?m gone|after i'?m gone|forgive me)\\b" },
  { category: 'suicide', pattern: '\\b(?:giving|gave|given|give) (?:away )?(?:my|all my) (?:things|stuff|belongings)(?: away)?\\b', negatable: true, requires: "\\b(?:won'?t need|not need|longer|anymore|goodbye)\\b" },
  // A dangerous place, now.
  { category: 'suicide', pattern: '\\b(?:standing|sitting|i\'?m|i am) on (?:the |a |top of (?:the|a) )?(?:bridge|roof|rooftop|ledge|edge|railing|balcony railing|train tracks|tracks)\\b', negatable: true, requires: '\\b(?:right now|looking down|jump|down there|how high|one step|let go)\\b' },
  { category: 'suicide', pattern: '\\bgarage\\b', negatable: true, requires: '\\bengine (?:is )?running\\b' },
  { category: 'suicide', pattern: '\\b(?:bought|got|found|have|tied|keep) (?:a |the |some )?(?:rope|noose)\\b', negatable: true },
  { category: 'suicide', pattern: "\\b(?:better off|be better|be fine|be happier) if i (?:just )?(?:wasn'?t|weren'?t|was not|were not) (?:around|here|alive)\\b", negatable: false },
  { category: 'suicide', pattern: '\\bthanks? (?:you )?for everything\\b', negatable: false, requires: '\\b(?:goodbye|bye forever|farewell|last time)\\b' },
  { category: 'suicide', pattern: '\\b(?:letters?|notes?) (?:to|for) (?:my \\p{L}+|everyone)\\b', negatable: true, requires: "\\b(?:for after|after i'?m gone|when i'?m gone|in the drawer|goodbye)\\b" },
  { category: 'suicide', pattern: "\\b(?:don'?t|do not) see the point (?:in|of) (?:waking up|getting up|living|going on|tomorrow)\\b", negatable: false },
  // self-harm
  { category: 'self_harm', pattern: '\\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|hit|hitting|starve|starving) myself\\b', negatable: true },
  { category: 'self_harm', pattern: '\\bself[- ]?harm\\p{L}*', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:cut|cutting|cuts|burn|burning) my (?:wrists?|arms?|legs?|thighs?|skin)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:burn|cut) my (?:arm|wrist|leg|skin) with\\b', negatable: true },
  { category: 'self_harm', pattern: "\\b(?:been|started|start|keep|kept|i'?m) cutting(?: again)?\\b|\\bcutting again\\b|\\bi cut again\\b|\\bcut myself again\\b", negatable: true },
  { category: 'self_harm', pattern: '\\b(?:punching|hitting|slapping|scratching) (?:the wall and )?my (?:own )?(?:face|head|arms?|legs?)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\btook a (?:razor|blade|knife|lighter) to my\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:until|till) (?:it|i|they|my \\p{L}+) (?:bleeds?|bled|bleeding|starts? bleeding)\\b', negatable: true, requires: '\\b(?:my|myself|i)\\b' },
  { category: 'self_harm', pattern: '\\b(?:used|using|grabbed|took out|picked up) (?:the|a|my) (?:razor|blade|lighter)s?(?: again)?\\b', negatable: true, requires: '\\b(?:again|relapsed?|arm|wrist|leg|skin|myself|mess|bleed\\p{L}*)\\b' },
  // abuse
  { category: 'abuse', pattern: `\\b${EN_PARTNER}(?: \\p{L}+){0,4} (?:hits|hit|beats|beat|chokes|choked|strangles|strangled|kicks|kicked|slaps|slapped|punches|punched|rapes|raped|abuses|abused) (?:me|us)\\b`, negatable: true },
  { category: 'abuse', pattern: `\\b${EN_PARTNER}(?: \\p{L}+)? (?:threatens|threatened|threatening) to (?:kill|hurt|beat|harm) me\\b`, negatable: true },
  { category: 'abuse', pattern: `\\b${EN_PARTNER} (?:pushes|pushed|shoves|shoved|threw|throws|dragged|drags) me\\b`, negatable: true },
  { category: 'abuse', pattern: '\\b(?:will|is going to|gonna|might) (?:kill|hurt|beat) me\\b', negatable: true, requires: '\\b(?:afraid|scared|terrified|fear)\\b' },
  { category: 'abuse', pattern: `\\b${EN_PARTNER} (?:locks|locked) me (?:in|up|out)\\b`, negatable: true },
  { category: 'abuse', pattern: `\\b${EN_PARTNER} (?:touches|touched) me\\b`, negatable: true, requires: "\\b(?:don'?t want|didn'?t want|against my will|scared|afraid|without asking)\\b" },
  { category: 'abuse', pattern: "\\b(?:i was|i'?ve been|i am|i'?m being|got) (?:raped|sexually assaulted|sexually abused|beaten up|abused)\\b", negatable: true },
  { category: 'abuse', pattern: '\\b(?:scared|afraid) to go home\\b', negatable: true },
  { category: 'abuse', pattern: "\\bif i (?:tell|leave|say)\\b(?: \\p{L}+){0,3} (?:he|she|they)(?:'ll| will| would|'d) (?:hurt|kill|beat)\\b", negatable: true },
  { category: 'abuse', pattern: `\\b${EN_PARTNER}(?: \\p{L}+){0,3} (?:makes|forces|made|forced) me (?:do stuff|do things|have sex|sleep with)\\b`, negatable: true },
  { category: 'abuse', pattern: '\\b(?:grabbed|choked|held) me by the (?:throat|neck|hair)\\b|\\b(?:grabbed|squeezed) my (?:throat|neck)\\b', negatable: true },
  { category: 'abuse', pattern: "\\b(?:following|stalking) me\\b", negatable: true, requires: "\\b(?:scared|afraid|won'?t leave|terrified|help)\\b" },
  { category: 'abuse', pattern: '\\b(?:scared|afraid) of my (?:husband|wife|partner|boyfriend|girlfriend|dad|father|mother|stepfather)\\b', negatable: true },
  // panic
  { category: 'panic', pattern: "\\b(?:having|i have|i'?m having) (?:a|another) panic attack\\b|\\bpanic attack (?:right now|now)\\b", negatable: true },
  { category: 'panic', pattern: "\\bi'?m panicking\\b|\\bi am panicking\\b", negatable: true, requires: "\\b(?:can'?t|cannot) (?:calm down|breathe|stop)\\b" },
  { category: 'panic', pattern: "\\b(?:can'?t|cannot|couldn'?t) (?:breathe|catch my breath|get (?:enough |any )?air)\\b", negatable: false,
    requires: '\\b(?:heart|chest|shaking|trembling|dying|heart attack|panic|dizzy|spinning|help me|talk to me|scared|terrified|happening again)\\b' },
  { category: 'panic', pattern: "\\b(?:think|feel like) i'?m (?:dying|having a heart attack)\\b", negatable: true, requires: '\\b(?:heart|chest|breath|breathe|shaking|panic)\\p{L}*' },
];

export const RU_PATTERNS: CrisisPatternSource[] = [
  // suicide
  { category: 'suicide', pattern: '\\b(?:покончить|покончу) (?:с собой|со всем(?: этим)?)\\b', negatable: true },
  { category: 'suicide', pattern: '\\bсо всем (?:этим )?покончить\\b', negatable: true },
  { category: 'suicide', pattern: '\\bбез меня (?:\\p{L}+ )?(?:будет|станет) (?:лучше|проще|легче|спокойнее)\\b|\\b(?:будет|станет) (?:проще|легче|спокойнее) без меня\\b', negatable: false },
  { category: 'suicide', pattern: '\\bя (?:для всех |всем )?(?:только )?обуза\\b', negatable: true },
  { category: 'suicide', pattern: '\\bсколько таблеток\\b', negatable: true, requires: '\\b(?:нужно|надо|выпить|хватит|смертельн\\p{L}*)\\b' },
  { category: 'suicide', pattern: '\\b(?:прекратил\\p{L}*|закончил\\p{L}*|кончил\\p{L}*) навсегда\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:вс[её]|со всем) законч(?:у|ить)\\b', negatable: true, requires: '\\b(?:наконец|навсегда|прощайте|больше не)\\b' },
  { category: 'suicide', pattern: '\\b(?:зачем|незачем|сил нет|надоело|нет сил) (?:мне )?(?:больше )?жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:уснуть|заснуть) и не проснуться\\b', negatable: false },
  { category: 'suicide', pattern: '\\bесли меня (?:\\p{L}+ )?(?:\\p{L}+ )?не (?:будет|станет)\\b', negatable: false, requires: '\\b(?:лучше|легче|проще|спокойнее)\\b' },
  { category: 'suicide', pattern: '\\b(?:коплю|копить|собираю) (?:снотворное|таблетки)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:убить|убью|убиваю|убивать) себя\\b|\\bсебя (?:убить|убью|убивать)\\b', negatable: true },
  { category: 'suicide', pattern: '\\bсвести сч[её]ты с жизнью\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:уйти|уйду) из жизни\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:суицид\\p{L}*|самоубийств\\p{L}*)', negatable: true, requires: '\\b(?:думаю|думала?|мысли|мысль|хочу|хочется|планирую|совершить|я)\\b' },
  { category: 'suicide', pattern: '\\bне хочу (?:больше )?(?:жить|просыпаться|существовать)\\b(?! (?:в|на|с|у|здесь|там|тут|рядом)\\b)|\\bжить не хочется\\b|\\bне хочется (?:больше )?жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:хочу|хочется|хотела?) (?:просто )?(?:умереть|сдохнуть|исчезнуть навсегда)\\b', negatable: true },
  { category: 'suicide', pattern: '\\bлучше (?:бы )?(?:я )?(?:умер|умерла|не рождал\\p{L}*|вообще не рождал\\p{L}*)\\b|\\bлучше бы я вообще не рождал\\p{L}*', negatable: false },
  { category: 'suicide', pattern: '\\b(?:всем|им|вам|тебе) (?:будет|станет) лучше без меня\\b|\\bбез меня всем (?:будет|станет) лучше\\b', negatable: false },
  { category: 'suicide', pattern: '\\bне вижу смысла (?:жить|в жизни|дальше жить|существовать)\\b', negatable: false },
  { category: 'suicide', pattern: '\\bустала? жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:больше )?не могу (?:больше )?так жить\\b|\\bне могу больше жить\\b', negatable: false },
  { category: 'suicide', pattern: '\\bне вижу смысла (?:дальше |больше )?(?:бороться|продолжать|просыпаться|вставать|жить дальше)\\b', negatable: false },
  { category: 'suicide', pattern: '\\bзачем (?:вообще |мне )?(?:просыпаться|продолжать)\\b', negatable: false },
  { category: 'suicide', pattern: '\\bпрощальн\\p{L}* (?:письм\\p{L}*|записк\\p{L}*|сообщени\\p{L}*|смс)', negatable: true },
  { category: 'suicide', pattern: '\\b(?:быть|стать|стал\\p{L}*|являюсь) (?:для всех |всем )?обуз\\p{L}*', negatable: true },
  { category: 'suicide', pattern: '\\b(?:поплачут|погорюют|попереживают) и (?:забудут|привыкнут|успокоятся|переживут)\\b', negatable: false },
  { category: 'suicide', pattern: '\\b(?:наш[её]л|нашла|купила?|приготовила?|держу) (?:\\p{L}+ )?вер[её]вку\\b', negatable: true },
  { category: 'suicide', pattern: '\\bтаблетки (?:уже )?(?:собрал\\p{L}*|накопил\\p{L}*|приготовил\\p{L}*)\\b|\\b(?:собрал\\p{L}*|накопил\\p{L}*) таблетки\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:закончить|покончить) (?:со )?вс[её]м? (?:сегодня|этой ночью|сегодня ночью|завтра)\\b|\\bлучше закончить вс[её]\\b', negatable: true },
  { category: 'suicide', pattern: '\\bраздал\\p{L}* (?:все )?(?:свои )?вещи\\b', negatable: true, requires: '\\b(?:ничего не держит|больше не нужн\\p{L}*|не понадоб\\p{L}*|попрощаться|прощай\\p{L}*)\\b' },
  { category: 'suicide', pattern: '\\b(?:стою|сижу|нахожусь|залезла?) на (?:крыше|мосту|краю|подоконнике|карнизе|перилах)\\b', negatable: true, requires: '\\b(?:прыг\\p{L}*|вниз|шаг|сорваться|высоко)\\b' },
  { category: 'suicide', pattern: '\\b(?:наглотаться|наглотаюсь) таблеток\\b|\\bвыпить все таблетки\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:повеситься|повешусь|вскрыть вены|вскрою вены)\\b', negatable: true },
  { category: 'suicide', pattern: '\\b(?:спрыгнуть|прыгнуть|выпрыгнуть|сброситься) (?:с|из) (?:крыши|моста|окна|балкона)\\b', negatable: true },
  { category: 'suicide', pattern: '\\bменя (?:скоро )?не (?:станет|будет)\\b', negatable: false, requires: '\\b(?:прощайте|прощай|скоро|навсегда)\\b' },
  { category: 'suicide', pattern: '\\b(?:исчезну|пропаду) навсегда\\b', negatable: false },
  { category: 'suicide', pattern: '\\bчтобы вс[её] (?:закончилось|кончилось) навсегда\\b|\\bбольше не выдержу\\b', negatable: false },
  // self-harm
  { category: 'self_harm', pattern: '\\b(?:режу|резать|резала?|порезала?|порезать|бью|избиваю|наказываю|жгу|прижигаю) себ[яе]\\b|\\bсебя (?:резать|режу|бью|бить)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\bпорезала? себе (?:руки|руку|вены|ноги|запястья)\\b|\\bрежу (?:руки|вены|запястья)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\bпричин\\p{L}* себе (?:боль|вред)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:сделал\\p{L}*|делаю|делать) себе больно\\b|\\b(?:режусь|резалась|резался|порезалась|порезался)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:режу|резала?|порезала?|резать) (?:себе )?(?:руку|руки|запясть\\p{L}*|вены|ногу|ноги|бедра|кожу)\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:царапаю|расцарапываю|расцарапала?|кусаю|щиплю|жгу) себя\\b|\\bсебя до крови\\b', negatable: true },
  { category: 'self_harm', pattern: '\\b(?:рас)?(?:чесала?|царапала?|расчесываю|расцарапываю) (?:себе )?(?:руку|руки|кожу|ногу|ноги|лицо) до крови\\b', negatable: true },
  { category: 'self_harm', pattern: '\\bлезвием\\b', negatable: true, requires: '\\b(?:себя|себе|руку|руки|запясть\\p{L}*|ногу|ноги|кожу)\\b' },
  { category: 'self_harm', pattern: '\\b(?:селфхарм\\p{L}*|самоповрежд\\p{L}*)', negatable: true },
  // abuse
  { category: 'abuse', pattern: `\\b${RU_PERSON} (?:меня )?(?:\\p{L}+ )?${RU_HIT}(?: меня)?\\b`, negatable: true, requires: '\\bменя\\b' },
  { category: 'abuse', pattern: `\\bменя (?:\\p{L}+ )?${RU_HIT}`, negatable: true },
  { category: 'abuse', pattern: '\\bподн(?:им|ял|яла|ять)\\p{L}* на (?:меня|нас) руку\\b', negatable: true },
  { category: 'abuse', pattern: '\\bесли (?:я )?уйду\\b(?: \\p{L}+){0,2} (?:убь[её]т|прибь[её]т|изобь[её]т)\\b', negatable: true },
  { category: 'abuse', pattern: '\\b(?:прибь[её]т|убь[её]т|зарежет) меня\\b', negatable: true, requires: '\\b(?:орет|ор[её]т|кричит|ломится|пьяный|пьяная|угрожа\\p{L}*|сказал\\p{L}*)\\b' },
  { category: 'abuse', pattern: '\\bзаставля\\p{L}* меня (?:спать|заниматься|раздеваться|делать то)\\b', negatable: true },
  { category: 'abuse', pattern: '\\bсхватил\\p{L}* (?:меня )?за (?:горло|шею|волосы)\\b|\\bдушил\\p{L}* меня\\b', negatable: true },
  { category: 'abuse', pattern: '\\bне выпуска\\p{L}* (?:меня )?(?:из (?:дома|квартиры|комнаты)|на улицу)\\b', negatable: true },
  { category: 'abuse', pattern: '\\bнайд[её]т меня (?:где угодно|везде|хоть где)\\b', negatable: true },
  { category: 'abuse', pattern: '\\bесли я (?:кому[- ]?(?:то|нибудь) )?(?:расскажу|скажу)\\b', negatable: true, requires: '\\b(?:убь[её]т|убью|изобь[её]т|прибь[её]т|покалечит|сделает хуже)\\b' },
  { category: 'abuse', pattern: '\\b(?:дает|дал|давал|дала) мне пощечин\\p{L}*|\\b(?:запирает|запер|заперла|запирают) меня\\b', negatable: true },
  { category: 'abuse', pattern: '\\bугрожа\\p{L}* (?:меня )?убить\\b', negatable: true, requires: '\\b(?:меня|мне|мной)\\b' },
  { category: 'abuse', pattern: '\\bменя (?:\\p{L}+ )?(?:убь[её]т|изобь[её]т|покалечит)\\b', negatable: true, requires: '\\b(?:боюсь|страшно|опасаюсь|угрожа\\p{L}*)\\b' },
  { category: 'abuse', pattern: '\\bбоюсь (?:идти|возвращаться|вернуться) домой\\b', negatable: true },
  { category: 'abuse', pattern: '\\bдомашн\\p{L}* насили\\p{L}*', negatable: true, requires: '\\b(?:меня|мне|я)\\b' },
  // panic
  { category: 'panic', pattern: '\\bпаническ\\p{L}* атак\\p{L}*', negatable: true, requires: '\\b(?:у меня|меня|сейчас|опять|снова|началась|накрыла)\\b' },
  { category: 'panic', pattern: '\\b(?:не могу|не получается) (?:дышать|вдохнуть|отдышаться|успокоиться)\\b|\\bзадыхаюсь\\b|\\bне хватает воздуха\\b|\\bвоздуха не хватает\\b|\\bгрудь сдавил\\p{L}*', negatable: false,
    requires: '\\b(?:сердце|сердечн\\p{L}*|колотится|трясет|трясутся|умираю|паник\\p{L}*|грудь|груди)\\b' },
  { category: 'panic', pattern: '\\bнакрыла паника\\b|\\bу меня паника\\b', negatable: true },
  { category: 'panic', pattern: '\\bсердце (?:выпрыгивает|колотится|бешено стучит|стучит как бешеное)\\b', negatable: false, requires: '\\b(?:накрыло|немеют|задыха\\p{L}*|трясет|тряс[её]т|страшно|умираю|не могу дышать)\\b' },
];

/**
 * Everyday idioms that use crisis words without crisis meaning. Their text is blanked before matching,
 * so "this exam is killing me" or "я чуть не умер со смеху" never reach the patterns above.
 */
export const IDIOMS: string[] = [
  // EN
  '\\b(?:die|dying|died) (?:of|from) (?:laughter|laughing|embarrassment|boredom)\\b', '\\bdying to\\b', '\\bto die for\\b',
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
export const NARRATIVE = /(?:^|[^\p{L}])(?:который|которая|которые|которого|герой|героиня|персонаж|фильм\p{L}*|книг\p{L}*|рассказал\p{L}*|в юности|в детстве|в школе|когда-то|давно|who|character|movie|film|book|story|used to|told me)(?=[^\p{L}]|$)/u;

export const NEGATORS = {
  en: /\b(?:not|never|no|n't|nothing|wouldn't|won't|don't|didn't|doesn't)\b|n't\b/u,
  ru: /(?:^|[^\p{L}])(?:не|никогда|ни за что|нет)(?=[^\p{L}]|$)/u,
};
