import type { Crisis, Language } from '../../shared/domain.js';
import type { CrisisCategory } from './crisis-patterns.js';
import { helplinesFor } from './helplines.js';

/**
 * Written for each language on its own, not translated: calm, warm, short enough to be spoken, no clinical words,
 * no instructions beyond "you are not alone, here is a person to talk to now". Fixed text, so it never depends
 * on the small chat model getting a hard moment right.
 */
const MESSAGES: Record<Language, Record<CrisisCategory, string>> = {
  en: {
    suicide:
      "I'm really glad you told me. It sounds like things feel unbearable right now, and you don't have to carry that alone. " +
      "I'm a program, so I can't be the help you deserve, but a real person can listen right now. " +
      "If you might act on these thoughts, please call your local emergency number. I'm here while you reach out.",
    self_harm:
      "Thank you for trusting me with this. It sounds like you're in a lot of pain. " +
      'Talking with someone trained to listen can help, right now, without judgement. ' +
      "If you've hurt yourself and it looks serious, please get medical help straight away.",
    abuse:
      "I'm so sorry this is happening. It is not your fault, and you deserve to be safe. " +
      'People at these lines can help you think about what to do, at your own pace. ' +
      'If you are in danger right now, please call the emergency number.',
    panic:
      "I'm here with you. Let's slow down together: breathe in gently for four counts, and out for six. " +
      "What you're feeling is very frightening, and it usually passes. " +
      'If your chest hurts, or this feels different from before, please call emergency services.',
  },
  ru: {
    suicide:
      'Хорошо, что вы сказали мне об этом. Похоже, сейчас очень тяжело, и с этим не нужно оставаться одному. ' +
      'Я всего лишь программа и не смогу помочь так, как вы заслуживаете, а живой человек может выслушать прямо сейчас. ' +
      'Если есть риск, что вы что-то с собой сделаете, пожалуйста, позвоните 112. Я рядом, пока вы звоните.',
    self_harm:
      'Спасибо, что доверились мне. Кажется, вам сейчас очень больно. ' +
      'Поговорить с тем, кто умеет слушать и не осуждает, можно прямо сейчас, бесплатно и анонимно. ' +
      'Если вы поранились и это выглядит серьёзно, пожалуйста, обратитесь за медицинской помощью.',
    abuse:
      'Мне очень жаль, что с вами так обращаются. Вы в этом не виноваты, и вы имеете право на безопасность. ' +
      'На этих линиях помогут спокойно подумать, что делать дальше, без спешки. ' +
      'Если вам угрожает опасность прямо сейчас, звоните 112.',
    panic:
      'Я с вами. Давайте немного замедлимся: мягкий вдох на четыре счёта и длинный выдох на шесть. ' +
      'То, что вы чувствуете, очень пугает, но обычно это проходит. ' +
      'Если болит в груди или всё не так, как раньше, пожалуйста, вызовите скорую по номеру 112.',
  },
};

/**
 * Said last in every crisis reply: the check can be wrong, and a person who was only joking or telling
 * a story should hear that it is fine, not feel accused, and be able to carry on.
 */
export const MISREAD_LINE: Record<Language, string> = {
  en: "If I misread you, tell me and we'll just keep talking.",
  ru: 'Если я вас неправильно понимаю, скажите, и мы просто продолжим разговор.',
};

/** The reply shown and spoken instead of a model answer when the crisis check fires. */
export function crisisResponse(category: CrisisCategory, language: Language): Crisis {
  return {
    category,
    language,
    message: `${MESSAGES[language][category]} ${MISREAD_LINE[language]}`,
    helplines: helplinesFor(category, language).map(({ name, phone, hours, url }) => ({
      name,
      phone,
      ...(hours ? { hours } : {}),
      ...(url ? { url } : {}),
    })),
  };
}
