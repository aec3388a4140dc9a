import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arxivAbsUrl, arxivPdfUrl, findArxivReferences, formatArxivId, hfPaperUrl, isArxivId, parseArxivId, type ArxivIdParts } from '../../src/core/arxivId';

describe('arXiv ids', () => {
  describe('parseArxivId', () => {
    const cases: [string, ArxivIdParts | undefined][] = [
      ['2312.00752', { id: '2312.00752' }],
      ['2312.00752v2', { id: '2312.00752', version: 2 }],
      ['0704.0001', { id: '0704.0001' }],
      ['1412.9999v12', { id: '1412.9999', version: 12 }],
      ['solv-int/9901001', { id: 'solv-int/9901001' }],
      ['astro-ph/9812133v1', { id: 'astro-ph/9812133', version: 1 }],
      ['cond-mat/0412498', { id: 'cond-mat/0412498' }],
      ['hep-th/9901001', { id: 'hep-th/9901001' }],
      ['math.GT/0309136', { id: 'math/0309136' }],
      ['arXiv:2312.00752v2', { id: '2312.00752', version: 2 }],
      ['arxiv: hep-th/9901001', { id: 'hep-th/9901001' }],
      ['  2312.00752  ', { id: '2312.00752' }],
      ['https://arxiv.org/abs/2312.00752', { id: '2312.00752' }],
      ['http://arxiv.org/abs/1111.2011v2', { id: '1111.2011', version: 2 }],
      ['https://arxiv.org/pdf/2312.00752v3.pdf', { id: '2312.00752', version: 3 }],
      ['https://arxiv.org/pdf/2312.00752', { id: '2312.00752' }],
      ['arxiv.org/abs/cond-mat/0412498v1', { id: 'cond-mat/0412498', version: 1 }],
      ['http://export.arxiv.org/abs/hep-ph/0301050', { id: 'hep-ph/0301050' }],
      ['https://www.arxiv.org/abs/2312.00752?context=cs', { id: '2312.00752' }],
      ['https://huggingface.co/papers/2507.14683', { id: '2507.14683' }],
      ['https://hf.co/papers/2507.14683.md', { id: '2507.14683' }],
      ['https://doi.org/10.48550/arXiv.2312.00752', { id: '2312.00752' }],
      ['http://arxiv.org/api/errors#incorrect_id_format_for_INVALIDID', undefined],
      ['https://arxiv.org/api/errors#incorrect_id_format_for_abc', undefined],
      ['https://arxiv.org/list/cs.AI/recent', undefined],
      ['0000.0000', undefined],
      ['2313.00752', undefined], // month 13
      ['1501.0001', undefined], // four digits after 2014
      ['1412.00001', undefined], // five digits before 2015
      ['0612.0001', undefined], // new style before April 2007
      ['foo-bar/9901001', undefined],
      ['hep-th/9013001', undefined], // month 13
      ['hep-th/0801001', undefined], // old style after March 2007
      ['2312.00752v0', undefined],
      ['INVALIDID', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected ? formatArxivId(expected) : 'nothing'}`, () => {
        assert.deepEqual(parseArxivId(input), expected);
      });
    }
  });

  it('isArxivId accepts canonical versionless ids only', () => {
    assert.equal(isArxivId('2312.00752'), true);
    assert.equal(isArxivId('cond-mat/0412498'), true);
    assert.equal(isArxivId('2312.00752v2'), false);
    assert.equal(isArxivId('math.GT/0309136'), false);
    assert.equal(isArxivId('arXiv:2312.00752'), false);
  });

  it('builds abs, pdf and Hugging Face URLs', () => {
    assert.equal(arxivAbsUrl('2312.00752'), 'https://arxiv.org/abs/2312.00752');
    assert.equal(arxivAbsUrl('2312.00752', 2), 'https://arxiv.org/abs/2312.00752v2');
    assert.equal(arxivPdfUrl('hep-th/9901001', 1), 'https://arxiv.org/pdf/hep-th/9901001v1');
    assert.equal(hfPaperUrl('2312.00752'), 'https://huggingface.co/papers/2312.00752');
  });

  describe('findArxivReferences', () => {
    it('finds URLs, prefixed and bare ids with their ranges', () => {
      const text = 'See arXiv:2312.00752v2, https://arxiv.org/pdf/1706.03762v5.pdf and (hep-th/9901001).';
      const refs = findArxivReferences(text);
      assert.deepEqual(
        refs.map((r) => [r.id, r.version, r.form, text.slice(r.start, r.end)]),
        [
          ['2312.00752', 2, 'prefixed', 'arXiv:2312.00752v2'],
          ['1706.03762', 5, 'url', 'https://arxiv.org/pdf/1706.03762v5.pdf'],
          ['hep-th/9901001', undefined, 'bare', 'hep-th/9901001'],
        ],
      );
      for (const r of refs) assert.equal(r.text, text.slice(r.start, r.end));
    });

    it('finds ids in code comments and Hugging Face links', () => {
      const code = '# Mamba (https://huggingface.co/papers/2312.00752)\nx = load("cond-mat/0412498")  // 1.2312.00752 is not one';
      assert.deepEqual(
        findArxivReferences(code).map((r) => r.id),
        ['2312.00752', 'cond-mat/0412498'],
      );
    });

    it('ignores numbers glued to other text and impossible ids', () => {
      for (const text of ['v1.2312.00752', '2312.007521', '12312.00752', 'src/cs/0503050', '0000.0000', '2313.00752', 'version 2312.00752.1']) {
        assert.deepEqual(findArxivReferences(text), [], text);
      }
    });

    it('does not take arXiv error URLs for papers', () => {
      assert.deepEqual(findArxivReferences('http://arxiv.org/api/errors#incorrect_id_format_for_2312.0075'), []);
    });

    it('drops a .pdf that follows a bare id in prose', () => {
      const [ref] = findArxivReferences('download 2312.00752.pdf now');
      assert.equal(ref?.text, '2312.00752');
    });
  });

  describe('round trips (property)', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const newStyle = fc
      .record({ yy: fc.integer({ min: 7, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 99999 }) })
      .filter(({ yy, mm }) => yy * 100 + mm >= 704)
      .map(({ yy, mm, n }) => {
        const five = yy * 100 + mm >= 1501;
        return `${pad(yy, 2)}${pad(mm, 2)}.${pad(five ? n : n % 10000, five ? 5 : 4)}`;
      });
    const oldStyle = fc
      .record({
        archive: fc.constantFrom('hep-th', 'astro-ph', 'cond-mat', 'solv-int', 'math', 'cs', 'quant-ph', 'gr-qc'),
        year: fc.integer({ min: 1992, max: 2006 }),
        mm: fc.integer({ min: 1, max: 12 }),
        n: fc.integer({ min: 1, max: 999 }),
      })
      .map(({ archive, year, mm, n }) => `${archive}/${pad(year % 100, 2)}${pad(mm, 2)}${pad(n, 3)}`);
    const parts = fc.record({ id: fc.oneof(newStyle, oldStyle), version: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: ['id'], noNullPrototype: true });

    it('parse(format(x)) = x, through every URL form too', () => {
      fc.assert(
        fc.property(parts, (p) => {
          assert.deepEqual(parseArxivId(formatArxivId(p)), p);
          assert.deepEqual(parseArxivId(`arXiv:${formatArxivId(p)}`), p);
          assert.deepEqual(parseArxivId(arxivAbsUrl(p.id, p.version)), p);
          assert.deepEqual(parseArxivId(`${arxivPdfUrl(p.id, p.version)}.pdf`), p);
          assert.deepEqual(parseArxivId(hfPaperUrl(p.id)), { id: p.id });
          assert.equal(isArxivId(p.id), true);
          const refs = findArxivReferences(`As shown in ${formatArxivId(p)}, and (${arxivAbsUrl(p.id)}).`);
          assert.deepEqual(
            refs.map((r) => r.id),
            [p.id, p.id],
          );
        }),
        { numRuns: 300 },
      );
    });

    it('normalisation is idempotent on any string', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (s) => {
          const parsed = parseArxivId(s);
          if (parsed) assert.deepEqual(parseArxivId(formatArxivId(parsed)), parsed);
          for (const ref of findArxivReferences(s)) assert.ok(ref.start >= 0 && ref.end <= s.length && ref.start < ref.end);
        }),
        { numRuns: 500 },
      );
    });
  });
});
