import type { Language } from '../../shared/domain.js';
import type { CrisisCategory } from './crisis-patterns.js';

/**
 * Second tier, for indirect talk that no single phrase pattern catches: warning signs that add up
 * (talk of funerals and overdoses, giving things away, "last week", being a burden; hurting the body until it
 * bleeds; someone throwing things or threatening; hyperventilating, numb hands, a racing heart).
 * Each cue has a weight; a category fires when its cues in one message reach CUE_THRESHOLD.
 * Written from general knowledge of crisis warning signs, not from any data set.
 * `\b` is a Unicode word boundary, as in crisis-patterns.ts.
 */
export const CUE_THRESHOLD = 2;

export type Cue = [pattern: string, weight: number];

export const CUES: Record<Language, Record<CrisisCategory, Cue[]>> = {
  en: {
    suicide: [
      ['\\b(?:die|dying|dead|death)\\b', 1], ['\\bfuneral\\b', 1.5], ['\\boverdos\\p{L}*', 2], ['\\b(?:disappear|vanish)\\p{L}*', 1],
      ['\\bnever come back\\b', 1.5], ['\\bnever wake\\b', 2], ['\\b(?:my )?last (?:week|day|night|time)\\b', 1],
      ['\\b(?:given|give|giving|gave) away (?:my|all my) (?:things|stuff|belongings)\\b', 1.5], ["\\bwon'?t need (?:them|it|anything)\\b", 1],
      ['\\bgoodbye\\b', 1], ['\\bsuicid\\p{L}*', 1.5], ['\\brelief\\b', 0.5], ['\\b(?:easier|better) for everyone\\b', 1.5],
      ['\\bno ?one would (?:care|notice|miss)\\b', 1.5], ['\\bnothing matters\\b', 1], ['\\b(?:pointless|hopeless|worthless)\\b', 1],
      ['\\bburden\\b', 1.5], ['\\bpills\\b', 1], ['\\brope\\b', 1.5], ['\\bi have decided\\b|\\bi\'?ve decided\\b', 0.3],
    ],
    self_harm: [
      ['\\bbleed\\p{L}*|\\bblood\\b', 1.5], ['\\buntil it hurts\\b', 1.5], ['\\bknuckles\\b', 0.5], ['\\b(?:bang|banging|hit|hitting) my head\\b', 2],
      ['\\b(?:punch|punching|hit|hitting) (?:the )?walls?\\b', 1.5], ['\\bscars?\\b', 1], ['\\bon purpose\\b', 1], ['\\bblade|razor\\b', 1], ['\\brelaps\\p{L}*', 1],
    ],
    abuse: [
      ['\\bthrows? (?:things|stuff|\\p{L}+) at me\\b', 2], ['\\bforces? me\\b', 1.5], ["\\b(?:don'?t|didn'?t) want to\\b", 0.5],
      ['\\bbreak my (?:arm|neck|legs?|bones?)\\b', 2], ['\\bif i tell\\b', 1.5], ['\\bthreat\\p{L}*', 1.5], ["\\bwon'?t let me (?:leave|go out|see)\\b", 1.5],
      ['\\bbruises?\\b', 1], ['\\bhides? my (?:phone|passport|money)\\b', 1.5],
    ],
    panic: [
      ['\\bhyperventilat\\p{L}*', 2], ['\\bnumb\\b', 1], ['\\bsuffocat\\p{L}*', 2], ['\\bheart (?:is )?(?:beating|pounding|racing) (?:so |really )?fast\\b', 1],
      ['\\bchest (?:is )?(?:so )?tight\\b', 1], ['\\bdizzy\\b', 1], ['\\bshaking\\b', 1], ["\\bcan'?t breathe\\b", 1.5], ['\\bpass out\\b', 1],
    ],
  },
  ru: {
    suicide: [
      ['\\b(?:умереть|умру|смерт\\p{L}*)', 1], ['\\bпохорон\\p{L}*', 1.5], ['\\bпередозир\\p{L}*', 2], ['\\b(?:исчезнуть|исчезну|исчезла|исчез)\\b', 1],
      ['\\bне возвращаться\\b', 1], ['\\bпоследн\\p{L}* (?:неделя|неделю|день|раз|ночь)\\b', 1],
      ['\\b(?:раздал\\p{L}*|раздаю|раздать) (?:все )?(?:свои )?вещи\\b', 1.5], ['\\bне понадоб\\p{L}*', 1], ['\\b(?:никогда )?не просыпаться\\b', 2],
      ['\\bпрощ(?:айте|ай)\\b', 1], ['\\bобуза\\b', 1.5], ['\\b(?:всем|для всех) (?:было бы |будет |станет )?(?:легче|лучше|проще)\\b', 1.5],
      ['\\bничего не имеет смысла\\b', 1.5], ['\\bбессмысл\\p{L}*|\\bбезнад\\p{L}*', 1], ['\\bтаблет\\p{L}*', 1], ['\\bверевк\\p{L}*', 1.5],
      ['\\bстановится легче\\b|\\bоблегчени\\p{L}*', 0.5], ['\\b(?:я )?решил\\p{L}*', 0.3],
    ],
    self_harm: [
      ['\\bв кровь\\b|\\bдо крови\\b|\\bкров\\p{L}*', 1.5], ['\\bпока не станет больно\\b|\\bчтобы было больно\\b', 1.5], ['\\bкостяшк\\p{L}*', 0.5],
      ['\\bбьюсь головой\\b|\\bбью себя по голове\\b', 2], ['\\b(?:бью|колочу|луплю) (?:кулаками )?(?:в )?стен\\p{L}*', 1.5], ['\\bшрам\\p{L}*', 1],
      ['\\bспециально\\b', 1], ['\\bлезви\\p{L}*', 1],
    ],
    abuse: [
      ['\\b(?:кидается|кидает|швыряет|бросает\\p{L}*) в меня\\b', 2], ['\\bзаставляет меня\\b', 1.5], ['\\bчего я не хочу\\b', 0.5],
      ['\\bсломает мне\\b|\\bсломаю тебе\\b', 2], ['\\bесли я (?:кому[- ]?(?:то|нибудь) )?расскажу\\b', 1.5], ['\\bугрож\\p{L}*', 1.5],
      ['\\bне выпускает\\b|\\bзапрещает (?:мне )?выходить\\b', 1.5], ['\\bсиняк\\p{L}*', 1], ['\\b(?:отбира|забра)\\p{L}* (?:у меня )?(?:телефон|паспорт|деньги)\\b', 1.5],
    ],
    panic: [
      ['\\bгипервентиляц\\p{L}*', 2], ['\\b(?:немеют|онемел\\p{L}*|неме\\p{L}*)', 1], ['\\bзадыхаюсь\\b|\\bудушь\\p{L}*', 1.5],
      ['\\bсердце (?:стучит|колотится|бьется) как бешено\\p{L}*', 1.5], ['\\bкружится голова\\b|\\bголова кружится\\b', 1], ['\\bтрясет\\b', 1],
      ['\\bв обморок\\b', 1], ['\\bне могу дышать\\b', 1.5],
    ],
  },
};

/** Play, not violence: "punched me in the arm as a joke", "в шутку ударила". */
export const JOKE = /(?:as a joke|jokingly|playfully|for fun|в шутку|шутя|понарошку|играя)/u;
