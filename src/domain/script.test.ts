import { describe, expect, it } from 'vitest';
import { simplifiedQuestion } from './script.ts';

describe('simplifiedQuestion', () => {
  it('converts a question written in traditional script, however short', () => {
    expect(simplifiedQuestion('葛寨鎮2020年鄉鎮動態公開了多少條？')).toBe('葛寨镇2020年乡镇动态公开了多少条？');
    expect(simplifiedQuestion('花馬池鎮行政處罰幾件')).toBe('花马池镇行政处罚几件');
  });

  it('leaves a simplified question as it is', () => {
    for (const q of ['花马池镇2021年行政处罚多少件？', '乾县2021年收到几件申请', '南郊镇 ABC 123'])
      expect(simplifiedQuestion(q)).toBe(q);
  });
});
