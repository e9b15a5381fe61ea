// Lumio microphone capture, running on the audio thread. Averages the input channels to mono and
// posts blocks of about 85 ms to the page (posting every 128-sample quantum would flood it).
// Plain JavaScript because an AudioWorklet module is loaded by URL, outside the bundle.
const BLOCK = 4096;

class LumioCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new Float32Array(BLOCK);
    this.filled = 0;
    this.port.onmessage = (e) => {
      if (e.data === 'flush') {
        if (this.filled > 0) this.port.postMessage(this.buffer.slice(0, this.filled));
        this.filled = 0;
        this.port.postMessage('flushed');
      }
    };
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0 && input[0]) {
      const frames = input[0].length;
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < input.length; c++) sum += input[c][i];
        this.buffer[this.filled++] = sum / input.length;
        if (this.filled === BLOCK) {
          this.port.postMessage(this.buffer);
          this.buffer = new Float32Array(BLOCK);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('lumio-capture', LumioCapture);
