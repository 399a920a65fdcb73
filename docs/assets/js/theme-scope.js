// Material's first script, moved out of the page so that the Content-Security-Policy can forbid
// inline scripts (plansite/deploy.py; overrides/partials/javascripts/base.html). Material writes
// it inline with the page's way up to the site's root; this file is at <root>/assets/js/, so its
// own address gives the same root on every page. Same code as Material 9.8's otherwise.
/* eslint-disable */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
