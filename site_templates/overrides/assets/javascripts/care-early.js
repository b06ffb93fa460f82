// 长辈版 (care mode) before the first paint, the rule's one home (main.html inlines it): ?care=1|0 wins and is remembered, else the remembered choice.
(function(){var k="banshi.care",m=/[?&]care=([01])(?:&|$)/.exec(location.search),v=null;try{v=localStorage.getItem(k);if(m){v=m[1];localStorage.setItem(k,v)}}catch(e){if(m)v=m[1]}if(v==="1")document.documentElement.classList.add("bs-care")})()
