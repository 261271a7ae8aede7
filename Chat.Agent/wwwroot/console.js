// Small helpers for the console: sound and title notice, idle detection, Enter-to-send, scrolling.
(function () {
  'use strict';
  var baseTitle = document.title;
  var flashing = null;
  var idle = { ref: null, timer: null, ms: 0, idle: false, handler: null };

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
      osc.onended = function () { ctx.close(); };
    } catch (e) { /* sound is a courtesy */ }
  }

  function stopFlash() {
    if (flashing) { clearInterval(flashing); flashing = null; }
    document.title = baseTitle;
  }

  window.addEventListener('focus', stopFlash);

  function resetIdle() {
    if (!idle.ref) { return; }
    if (idle.idle) {
      idle.idle = false;
      idle.ref.invokeMethodAsync('IdleChanged', false);
    }
    clearTimeout(idle.timer);
    idle.timer = setTimeout(function () {
      idle.idle = true;
      idle.ref.invokeMethodAsync('IdleChanged', true);
    }, idle.ms);
  }

  window.lpseConsole = {
    notify: function (text) {
      beep();
      baseTitle = document.title.indexOf('• ') === 0 ? baseTitle : document.title;
      if (document.hasFocus()) { return; }
      stopFlash();
      var on = false;
      flashing = setInterval(function () {
        on = !on;
        document.title = on ? '• ' + text : baseTitle;
      }, 1000);
    },
    watchIdle: function (ref, ms) {
      idle.ref = ref;
      idle.ms = ms;
      idle.handler = function () { resetIdle(); };
      ['mousemove', 'keydown', 'pointerdown', 'focus'].forEach(function (name) {
        window.addEventListener(name, idle.handler, { passive: true });
      });
      resetIdle();
    },
    stopIdle: function () {
      clearTimeout(idle.timer);
      if (idle.handler) {
        ['mousemove', 'keydown', 'pointerdown', 'focus'].forEach(function (name) {
          window.removeEventListener(name, idle.handler);
        });
      }
      idle.ref = null;
    },
    composer: function (el) {
      if (!el || el.dataset.wired) { return; }
      el.dataset.wired = '1';
      el.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          if (el.form) { el.form.requestSubmit(); }
        }
      });
    },
    scrollToEnd: function (el) {
      if (el) { el.scrollTop = el.scrollHeight; }
    }
  };
})();
